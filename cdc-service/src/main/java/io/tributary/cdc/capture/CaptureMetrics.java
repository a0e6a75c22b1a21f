package io.tributary.cdc.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.source.spi.capture.CapturedSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Counts what capture delivered to Kafka: in all since start (the status endpoint) and per table as
 * {@code tributary_capture_events_total{migration,source,table}} (snapshot reads and changes
 * acknowledged by Kafka; its rate is a table's capture speed).
 */
@ApplicationScoped
public class CaptureMetrics {
  static final String EVENTS = "tributary.capture.events";

  private final AtomicLong published = new AtomicLong();
  private final MeterRegistry registry;

  public CaptureMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Change events acknowledged by Kafka since start. */
  public long published() {
    return published.get();
  }

  /** The counters of one source's tables (registered now, so that they show from zero). */
  SourceCounters of(CapturedSource source) {
    Map<String, Counter> byTopic = new HashMap<>();
    for (TableDef table : source.tableDefs()) {
      byTopic.put(
          table.topic(),
          Counter.builder(EVENTS)
              .description(
                  "Change events of a table (snapshot reads and changes) acknowledged by Kafka")
              .tag("migration", source.migration())
              .tag("source", source.source())
              .tag("table", table.sourceTable())
              .register(registry));
    }
    return new SourceCounters(byTopic);
  }

  /** A source's counters, by topic. */
  final class SourceCounters {
    private final Map<String, Counter> byTopic;

    private SourceCounters(Map<String, Counter> byTopic) {
      this.byTopic = byTopic;
    }

    /**
     * Records Kafka acknowledged: a change counts one event of its table, a snapshot chunk the rows
     * it holds and those it carries as rejects, of the table its key names (those of other topics,
     * like progress, count in all only).
     */
    void acknowledged(List<ProducerRecord<String, byte[]>> records) {
      // called for every published event (mostly one record each): no map per call
      for (ProducerRecord<String, byte[]> record : records) {
        Counter counter = byTopic.get(record.topic());
        if (counter != null) {
          counter.increment();
          continue;
        }
        Header rows = record.headers().lastHeader(SnapshotChunk.ROWS_HEADER);
        counter = rows == null ? null : byTopic.get(record.key());
        if (counter != null) {
          // a row capture could not cast travels as one of the chunk's rejects: it was captured
          Header rejects = record.headers().lastHeader(SnapshotChunk.REJECTS_HEADER);
          counter.increment(
              Long.parseLong(new String(rows.value(), StandardCharsets.UTF_8))
                  + (rejects == null ? 0 : SnapshotChunk.rejectCount(rejects.value())));
        }
      }
      published.addAndGet(records.size());
    }
  }
}
