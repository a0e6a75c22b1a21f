package io.tributary.cdc.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.capture.CapturedSource;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Capture's per-table counters: registered at start, counting what Kafka acknowledged. */
class CaptureMetricsTest {
  private static TableDef table(String name) {
    return new TableDef(
        "app",
        "main",
        name,
        "app",
        name,
        "tributary.m1.app.main." + name,
        List.of(new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false)));
  }

  private static ProducerRecord<String, byte[]> acked(String topic) {
    return new ProducerRecord<>(topic, "{\"id\":1}", new byte[0]);
  }

  /** A snapshot chunk of {@code rows} rows of the table of topic {@code table}. */
  private static ProducerRecord<String, byte[]> chunk(String table, int rows) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>("tributary.m1.app.snapshot", table, new byte[0]);
    record
        .headers()
        .add(SnapshotChunk.ROWS_HEADER, Integer.toString(rows).getBytes(StandardCharsets.UTF_8));
    return record;
  }

  /** The chunk with {@code rejects} rows capture could not cast, in its rejects header. */
  private static ProducerRecord<String, byte[]> withRejects(
      ProducerRecord<String, byte[]> chunk, int rejects) {
    String json =
        "["
            + String.join(
                ",",
                Collections.nCopies(
                    rejects, "{\"row\":0,\"key\":\"{}\",\"data\":\"\",\"reason\":\"bad\"}"))
            + "]";
    chunk.headers().add(SnapshotChunk.REJECTS_HEADER, json.getBytes(StandardCharsets.UTF_8));
    return chunk;
  }

  @Test
  void countsAcknowledgedEventsPerTable() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CaptureMetrics metrics = new CaptureMetrics(registry);
    CapturedSource source =
        new CapturedSource(
            "m1",
            "app",
            SourceKind.SQLITE,
            "/data/app.db",
            "app",
            List.of("tributary.m1.app.main.items", "tributary.m1.app.main.notes"),
            ChangeEventCodec.MAPPER.writeValueAsString(List.of(table("items"), table("notes"))),
            Map.of(),
            false);

    CaptureMetrics.SourceCounters counters = metrics.of(source);
    assertThat(registry.find(CaptureMetrics.EVENTS).tags("table", "notes").counter().count())
        .as("a table shows from zero before its first event")
        .isZero();

    counters.acknowledged(
        List.of(
            acked("tributary.m1.app.main.items"),
            acked("tributary.m1.app.main.items"),
            acked("tributary.capture"),
            acked("tributary.m1.app.main.notes"),
            chunk("tributary.m1.app.main.notes", 40),
            withRejects(chunk("tributary.m1.app.main.notes", 3), 2)));

    assertThat(
            registry
                .find(CaptureMetrics.EVENTS)
                .tags("migration", "m1", "source", "app", "table", "items")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(registry.find(CaptureMetrics.EVENTS).tags("table", "notes").counter().count())
        .as("a change, a snapshot chunk of 40 rows, one of 3 rows and 2 rows capture rejected")
        .isEqualTo(46);
    assertThat(metrics.published()).as("progress records count in all").isEqualTo(6);
  }
}
