package io.tributary.capture.connect;

import io.tributary.capture.CaptureControl.SourceRow;
import io.tributary.capture.CaptureRemoval;
import io.tributary.capture.LeaseKeeper;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the change capture of a source whose migration ended, as a Kafka Connect task does it
 * before it idles: only while it holds the source's lease (a runner still capturing would install
 * it again), through the {@link CaptureRemoval} cdc-service uses too.
 */
final class EndedCaptureRemoval {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectCaptureTask.class);

  private final ConnectCaptureConfig config;
  private final CaptureLauncher launcher;
  private final LeaseKeeper leases;
  private final CaptureRemoval removal;

  EndedCaptureRemoval(
      ConnectCaptureConfig config,
      CaptureLauncher launcher,
      LeaseKeeper leases,
      CaptureRemoval removal) {
    this.config = config;
    this.launcher = launcher;
    this.leases = leases;
    this.removal = removal;
  }

  /**
   * @param wasCapturing whether this task captured the source until now (it holds the lease)
   */
  void remove(SourceRow row, boolean wasCapturing) {
    String migration = config.migration();
    String source = config.source();
    boolean holds =
        wasCapturing
            || leases
                .acquire(migration, source)
                .map(lease -> leases.holder().equals(lease.holder()))
                .orElse(false);
    if (!holds) {
      return;
    }
    try {
      SourceKind kind = SourceKind.fromPlanName(row.kind()).orElse(null);
      SourceCapture capture =
          Optional.ofNullable(kind)
              .flatMap(launcher::capture)
              .orElseThrow(
                  () -> new IllegalStateException("no capture for " + row.kind() + " sources"));
      String removed =
          removal
              .remove(
                  capture, new SourceState(migration, source, kind, row.location(), row.state()))
              .message();
      LOG.info(
          "Migration {} is {}: removed the change capture of {}: {}",
          migration,
          row.state(),
          migration + "/" + source,
          removed);
    } catch (SQLException | RuntimeException e) {
      LOG.error(
          "Migration {} is {}, but the change capture of {} could not be removed from {}: {}",
          migration,
          row.state(),
          migration + "/" + source,
          row.location(),
          e.getMessage());
    } finally {
      leases.release(migration, source);
    }
  }
}
