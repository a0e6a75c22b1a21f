package io.tributary.cdc.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.source.spi.capture.CaptureListener;
import io.tributary.source.spi.capture.CapturedSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records a capture's snapshot progress and published fences in the control schema, through the
 * {@link CaptureListener} each engine is started with.
 */
@ApplicationScoped
public class CaptureProgressRecorder {
  private static final Logger LOG = Logger.getLogger(CaptureProgressRecorder.class);

  private final CaptureRepository repository;
  private final FenceRepository fences;

  public CaptureProgressRecorder(CaptureRepository repository, FenceRepository fences) {
    this.repository = repository;
    this.fences = fences;
  }

  /** The listener of a source's capture. */
  CaptureListener listener(CapturedSource source) {
    return new RecordingListener(source);
  }

  /** Records one capture's snapshot progress and fences. */
  private final class RecordingListener implements CaptureListener {
    private final CapturedSource source;

    RecordingListener(CapturedSource source) {
      this.source = source;
    }

    @Override
    public void tableComplete(TableDef table, long rows) {
      if (!repository.markSnapshotComplete(
          source.migration(), source.source(), table.sourceSchema(), table.sourceTable(), rows)) {
        return; // completed in an earlier run
      }
      LOG.infof(
          "Snapshot of %s/%s delivered to Kafka: %d rows",
          source.migration(), table.qualifiedSourceName(), rows);
    }

    @Override
    public void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {
      try {
        fences.fencePublished(fence, ChangeEventCodec.MAPPER.writeValueAsString(offsets));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      LOG.infof("Fence %d of %s published on %d topics", fence, source.id(), offsets.size());
    }

    @Override
    public long nextGeneration() {
      return repository.nextSnapshotGeneration(source.migration(), source.source());
    }
  }
}
