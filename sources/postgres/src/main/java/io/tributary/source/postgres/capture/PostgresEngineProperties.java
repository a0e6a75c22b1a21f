package io.tributary.source.postgres.capture;

import io.tributary.capture.pgoutput.PgoutputEngineProperties;
import io.tributary.capture.pgoutput.PgoutputValueEncoder;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PostgresUrl;
import java.util.List;
import java.util.Properties;

/**
 * The Debezium PostgreSQL connector's settings for one source: those of every {@code pgoutput}
 * engine ({@link PgoutputEngineProperties}: the value representations {@link PgoutputValueEncoder}
 * reads) through the slot and publication named by {@link PostgresCaptureNames} (the publication
 * made by {@link PostgresCaptureInstaller}, never by Debezium), the captured tables, streaming only
 * ({@code snapshot.mode=no_data}: Tributary reads the snapshot itself, {@link
 * io.tributary.source.postgres.capture.snapshot.ParallelSnapshotStep}; with no stored offsets
 * Debezium starts at the slot's confirmed position) and the fence messages.
 */
public final class PostgresEngineProperties {
  private PostgresEngineProperties() {}

  /** Debezium's resume check setting, as Debezium reads it ({@code Field.createInternal}). */
  static final String LOG_POSITION_CHECK = "internal.log.position.check.enable";

  /**
   * The connector's properties (the engine's own — offsets, name — are added by the caller).
   *
   * @param url the source
   * @param names slot and publication
   * @param tables the captured tables
   * @param snapshotFetchSize rows a read of Debezium's reads per round trip
   * @param heartbeat milliseconds between heartbeats, which let the slot advance while captured
   *     tables are idle but the rest of the database writes
   * @param pollInterval Debezium's {@code poll.interval.ms}: what an idle source's next change (a
   *     cutover's fence) waits at most, twice (see {@code CaptureConfig#postgresPollInterval})
   * @param batchSize most change events handed to the publisher at once (see {@code
   *     CaptureConfig#postgresBatchSize})
   */
  public static Properties of(
      PostgresUrl url,
      PostgresCaptureNames names,
      List<TableDef> tables,
      int snapshotFetchSize,
      long heartbeat,
      long pollInterval,
      int batchSize) {
    Properties p =
        PgoutputEngineProperties.of(
            url,
            names.slot(),
            names.publication(),
            snapshotFetchSize,
            heartbeat,
            pollInterval,
            batchSize);
    p.setProperty("snapshot.mode", "no_data");
    p.setProperty("table.include.list", includeList(tables));
    p.setProperty("message.prefix.include.list", PostgresCaptureStatementBuilder.MESSAGE_PREFIX);
    // Debezium's resume check compares the slot's restart_lsn with the last change processed,
    // which Tributary stores one byte before the last commit (PostgresResumeSafety): a slot whose
    // restart position reached that commit failed it for good. PostgresSourceCapture checks the
    // slot itself before the engine starts (PostgresResumeCheck: its confirmed position against
    // the stored commit). The setting is one of Debezium's internal ones: its name carries the
    // "internal." prefix (Field.createInternal); without it the check stayed on.
    p.setProperty(LOG_POSITION_CHECK, "false");
    return p;
  }

  /**
   * Debezium's table filter: comma-separated regular expressions over {@code schema.table}. Each
   * table's names are matched literally ({@link PgoutputEngineProperties#includeList}).
   */
  static String includeList(List<TableDef> tables) {
    return PgoutputEngineProperties.includeList(
        tables.stream().map(t -> List.of(t.sourceSchema(), t.sourceTable())).toList());
  }
}
