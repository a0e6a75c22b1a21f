package io.tributary.cdc.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.spi.capture.CapturedSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;

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

    /** Records Kafka acknowledged (those of other topics, like progress, count in all only). */
    void acknowledged(List<RecordMetadata> records) {
      // called for every published event (mostly one record each): no map per call
      for (RecordMetadata record : records) {
        Counter counter = byTopic.get(record.topic());
        if (counter != null) {
          counter.increment();
        }
      }
      published.addAndGet(records.size());
    }
  }
}
