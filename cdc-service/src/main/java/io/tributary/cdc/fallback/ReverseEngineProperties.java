package io.tributary.cdc.fallback;

import io.tributary.capture.pgoutput.PgoutputEngineProperties;
import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.fallback.FallbackWindowRepository.OpenWindow;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.plan.PostgresUrl;
import java.util.List;
import java.util.Properties;

/**
 * The Debezium settings of a fallback window's engine: the PostgreSQL connector's settings that
 * capture uses ({@link PgoutputEngineProperties}: the same value representations, which {@link
 * ReverseRecordDecoder} reads back), on the target, through the window's slot and publication, the
 * migration's target tables only, no snapshot (the slot was made before the switch), the window's
 * fence messages, and offsets kept in memory: the slot's confirmed position is where a restarted
 * engine resumes, and Debezium confirms a position only after the batch up to it was written back.
 */
final class ReverseEngineProperties {
  private ReverseEngineProperties() {}

  static Properties of(
      PostgresUrl target, OpenWindow window, List<TableDef> tables, CaptureConfig config) {
    Properties p =
        PgoutputEngineProperties.of(
            target,
            window.slot(),
            window.publication(),
            config.snapshotFetchSize(),
            config.heartbeatInterval().toMillis(),
            config.postgresPollInterval().toMillis(),
            config.postgresBatchSize());
    p.setProperty(
        "table.include.list",
        PgoutputEngineProperties.includeList(
            tables.stream().map(t -> List.of(t.targetSchema(), t.targetTable())).toList()));
    p.setProperty("snapshot.mode", "no_data");
    // a TRUNCATE cannot be written back row by row: it arrives, and becomes a reverse reject
    p.setProperty("skipped.operations", "none");
    p.setProperty("message.prefix.include.list", CaptureNames.REVERSE_FENCE_PREFIX);
    p.setProperty("name", "tributary-fallback-" + window.migration());
    p.setProperty("tasks.max", "1");
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
    p.setProperty(
        "offset.flush.interval.ms", Long.toString(config.offsetFlushInterval().toMillis()));
    p.setProperty("errors.max.retries", "0");
    return p;
  }
}
