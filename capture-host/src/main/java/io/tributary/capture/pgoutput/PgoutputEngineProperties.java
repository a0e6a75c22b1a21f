package io.tributary.capture.pgoutput;

import io.tributary.common.plan.PostgresUrl;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The settings of Debezium's PostgreSQL connector that every engine reading a PostgreSQL database
 * through {@code pgoutput} shares, a source's capture and the fallback's reverse capture of the
 * target alike: the database, slot and publication (made by Tributary, never by Debezium), the
 * value representations {@link PgoutputValueEncoder} turns into the envelope exactly (decimals as
 * strings, microsecond times, binary as bytes, intervals as ISO-8601 text, types Debezium does not
 * know as their text), heartbeats, and the batch and queue sizes. Each engine adds its tables, its
 * snapshot mode and the logical decoding messages it reads.
 */
public final class PgoutputEngineProperties {
  /** How long Debezium waits before it tries a slot that was still active again. */
  static final long SLOT_RETRY_DELAY_MS = 500;

  /** How many times it tries: a minute in all, as Debezium's default (6 tries, 10 s apart). */
  static final int SLOT_MAX_RETRIES = 120;

  private PgoutputEngineProperties() {}

  /**
   * The shared properties.
   *
   * @param url the database
   * @param slot the replication slot, also Debezium's topic prefix
   * @param publication the publication of the tables read
   * @param snapshotFetchSize rows a snapshot reads per round trip
   * @param heartbeat milliseconds between heartbeats, which let the slot advance while the tables
   *     read are idle but the rest of the database writes
   * @param pollInterval Debezium's {@code poll.interval.ms}: what an idle database's next change (a
   *     cutover's fence) waits at most, twice (see {@code CaptureConfig#postgresPollInterval})
   * @param batchSize most change events handed on at once (see {@code
   *     CaptureConfig#postgresBatchSize})
   */
  public static Properties of(
      PostgresUrl url,
      String slot,
      String publication,
      int snapshotFetchSize,
      long heartbeat,
      long pollInterval,
      int batchSize) {
    Properties p = new Properties();
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("database.hostname", url.host());
    p.setProperty("database.port", Integer.toString(url.port()));
    p.setProperty("database.dbname", url.database());
    if (url.user() != null) {
      p.setProperty("database.user", url.user());
    }
    if (url.password() != null) {
      p.setProperty("database.password", url.password());
    }
    for (Map.Entry<String, String> param : url.parameters().entrySet()) {
      if (param.getKey().equals("sslmode")) {
        p.setProperty("database.sslmode", param.getValue());
      }
    }
    p.setProperty("topic.prefix", slot);
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", slot);
    p.setProperty("publication.name", publication);
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("slot.drop.on.stop", "false");
    // Debezium finds where to resume on one replication stream, closes it and opens another; when
    // the first stream's walsender has not exited yet, the slot is still "active for PID" and
    // Debezium waits slot.retry.delay.ms before trying again (10 s by default: a capture that had
    // just started held every change of its first 10 s back, bench/run.sh's PostgreSQL CDC at
    // 10,000/s had its p99 at 9.1 s). The same minute of tries, a short wait each.
    p.setProperty("slot.retry.delay.ms", Long.toString(SLOT_RETRY_DELAY_MS));
    p.setProperty("slot.max.retries", Integer.toString(SLOT_MAX_RETRIES));
    p.setProperty("decimal.handling.mode", "string");
    p.setProperty("time.precision.mode", "adaptive_time_microseconds");
    p.setProperty("binary.handling.mode", "bytes");
    p.setProperty("interval.handling.mode", "string");
    p.setProperty("hstore.handling.mode", "json");
    p.setProperty("include.unknown.datatypes", "true");
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("poll.interval.ms", Long.toString(pollInterval));
    p.setProperty("heartbeat.interval.ms", Long.toString(heartbeat));
    // a heartbeat also writes a message into this database's WAL, so the slot advances even when
    // only other databases of the cluster write; capture publishes nothing for it. The message is
    // transactional on purpose: when a non-transactional message was the last event stored before
    // a restart, Debezium 3.4's resume search (WalPositionLocator) skipped the whole transaction
    // written right after it, at the same LSN — an idle source's next write was lost
    // (PostgresCaptureRestartIT; fixed upstream in 3.6 by debezium/dbz#1379). A transaction ends
    // with a COMMIT, the position that search handles.
    p.setProperty(
        "heartbeat.action.query",
        "SELECT pg_logical_emit_message(true, '"
            + LogicalMessages.TRIBUTARY_PREFIX
            + "', '{\"heartbeat\": true}')");
    p.setProperty("snapshot.fetch.size", Integer.toString(snapshotFetchSize));
    // Debezium's default. With columns_diff_exclude_unchanged_toast, Debezium 3.4 reads each
    // table's TOASTable columns while it reads the tables' structure and COMMITS the snapshot's
    // transaction there (PostgresSchema.refreshToastableColumnsMap; upstream debezium/dbz#1995,
    // fixed after 3.4): the tables are then read in new READ COMMITTED transactions, later than
    // the snapshot's WAL position, and a row written in between is read and streamed too — twice
    // in a table without a key (RepublishIT.postgresSnapshotTakenAgain). pgoutput sends every
    // column of a row (an unchanged TOASTed one as such), so the mode's saving never applied.
    p.setProperty("schema.refresh.mode", "columns_diff");
    // bounds the records Debezium holds between the database and the engine's consumer (wide
    // rows, vectors)
    p.setProperty("max.queue.size.in.bytes", Long.toString(32L * 1024 * 1024));
    // The queue holds four batches (or 32 MiB).
    p.setProperty("max.batch.size", Integer.toString(batchSize));
    p.setProperty("max.queue.size", Integer.toString(4 * batchSize));
    return p;
  }

  /**
   * Debezium's table filter for tables given as {@code [schema, table]} pairs: comma-separated
   * regular expressions over {@code schema.table}, each table's names matched literally (every
   * character that is not a letter or digit escaped, commas too, which Debezium's list splitter
   * honours).
   */
  public static String includeList(Collection<List<String>> schemaTables) {
    return schemaTables.stream()
        .map(t -> literal(t.get(0)) + "\\." + literal(t.get(1)))
        .collect(Collectors.joining(","));
  }

  private static String literal(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c > 127;
      if (!plain) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
