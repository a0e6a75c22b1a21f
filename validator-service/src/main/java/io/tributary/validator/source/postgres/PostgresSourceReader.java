package io.tributary.validator.source.postgres;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.validate.CapturePosition;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.SourceFingerprint;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.TableActivity;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.source.spi.validate.WriteMark;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.postgres.PostgresRowScanner;
import io.tributary.validator.postgres.PostgresTableReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Counts and checksums a table of a PostgreSQL source, read-only, in one REPEATABLE READ
 * transaction per read, through the same code that reads target tables ({@link PostgresTableReader}
 * on a {@link PostgresSourceView view} naming the source's schema and table): the source's columns
 * have the target's types, so equal rows give equal canonical rows and checksums on both sides, and
 * no source value can fail to decode (expected rejects are 0). The connection comes from {@link
 * PostgresSourcePools}; the table's fingerprint is its write counters ({@link TableActivity}), its
 * last write what {@link PostgresWriteClock} saw.
 */
@ApplicationScoped
class PostgresSourceReader implements ValidationSource {
  /**
   * Whether a table ({@code $1}: its quoted, qualified name) exists, and its write counters, summed
   * over its partitions.
   */
  static final String ACTIVITY =
      """
      WITH t AS (SELECT to_regclass($1) AS oid)
      SELECT t.oid IS NOT NULL,
             coalesce(sum(s.n_tup_ins), 0)::bigint, coalesce(sum(s.n_tup_upd), 0)::bigint,
             coalesce(sum(s.n_tup_del), 0)::bigint, coalesce(sum(s.n_live_tup), 0)::bigint
        FROM t
        LEFT JOIN pg_stat_user_tables s
          ON s.relid = t.oid OR s.relid IN (SELECT p.relid FROM pg_partition_tree(t.oid) p)
       GROUP BY t.oid""";

  /**
   * The WAL insert position now, as the number change events carry; null on a standby. Read before
   * a read's snapshot: every change the snapshot does not see is written after it.
   */
  static final String WAL_POSITION =
      """
      SELECT CASE WHEN pg_is_in_recovery() THEN NULL
                  ELSE (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint END""";

  /**
   * The first statement of a read's transaction, so the snapshot is taken here: how many
   * transactions with an id were in progress at the snapshot (it must be none to tell a position:
   * then the snapshot sees exactly the transactions committed before it), and the WAL insert
   * position after the snapshot was taken (every commit the snapshot sees is below it).
   */
  static final String SNAPSHOT_POSITION =
      """
      SELECT (SELECT count(*) FROM txid_snapshot_xip(s)),
             CASE WHEN pg_is_in_recovery() THEN NULL
                  ELSE (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint END
        FROM txid_current_snapshot() s""";

  /** How far the capture's slot has confirmed: $1 the slot. */
  static final String SLOT_POSITION =
      """
      SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint
        FROM pg_replication_slots WHERE slot_name = $1""";

  private final PostgresSourcePools pools;
  private final PostgresWriteClock clock;
  private final ValidatorConfig config;

  public PostgresSourceReader(
      PostgresSourcePools pools, PostgresWriteClock clock, ValidatorConfig config) {
    this.pools = pools;
    this.clock = clock;
    this.config = config;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRES;
  }

  @Override
  public RowScanner rowScanner(ValidatedTable table, RejectedKeys rejects) {
    return new PostgresRowScanner(
        () -> pools.pool(table.location()),
        PostgresSourceView.of(table.definition()),
        rejects,
        config.fetchSize(),
        config.queryTimeout(),
        e -> failure(table, e));
  }

  @Override
  public long count(ValidatedTable table) {
    return read(table, false).rows().rows();
  }

  @Override
  public SourceSide counted(ValidatedTable table) {
    Read read = read(table, false);
    return SourceSide.counted(read.rows().rows(), read.position());
  }

  @Override
  public SourceSide checksum(ValidatedTable table) {
    Read read = read(table, true);
    return new SourceSide(read.rows().rows(), 0L, read.rows().checksum(), read.position());
  }

  /**
   * More than {@code tributary.validator.checksum-wal-lag} bytes of WAL between the slot's
   * confirmed position and the read's.
   */
  @Override
  public boolean captureFarBehind(ValidatedTable table, SourcePosition read, long changeLimit) {
    if (!read.known()) {
      return false;
    }
    Long confirmed = captured(table).delivered();
    return confirmed != null && read.through() - confirmed > config.checksumWalLag().asLongValue();
  }

  /** The {@code confirmed_flush_lsn} of the capture's replication slot. */
  @Override
  public CapturePosition captured(ValidatedTable table) {
    String slot = CaptureNames.postgresSlot(table.migration(), table.source());
    try {
      Long confirmed =
          await(
              table,
              pools
                  .pool(table.location())
                  .preparedQuery(SLOT_POSITION)
                  .execute(Tuple.of(slot))
                  .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0)));
      return confirmed == null
          ? CapturePosition.unknown(
              "capture's replication slot " + slot + " does not exist in " + server(table))
          : CapturePosition.at(confirmed);
    } catch (RuntimeException e) {
      return CapturePosition.unknown("cannot read capture's replication slot " + slot + ": " + e);
    }
  }

  @Override
  public SourceFingerprint fingerprint(ValidatedTable table) {
    try {
      return activity(table);
    } catch (RuntimeException e) {
      return null; // validation reports why
    }
  }

  @Override
  public Instant lastWrite(ValidatedTable table, SourceSide side) {
    return clock.lastWrite(table.key(), activity(table), side, Instant.now());
  }

  /** The table's write counters ({@code pg_stat_user_tables}: inserts, updates, deletes). */
  @Override
  public WriteMark writeMark(ValidatedTable table) {
    TableActivity activity = activity(table);
    return new WriteMark(
        "pg_stat_user_tables",
        activity.inserted()
            + " inserted, "
            + activity.updated()
            + " updated, "
            + activity.deleted()
            + " deleted");
  }

  /** What one read of the table got, and where it stood. */
  private record Read(PostgresTableReader.Rows rows, SourcePosition position) {}

  private Read read(ValidatedTable table, boolean withChecksum) {
    TableDef view = PostgresSourceView.of(table.definition());
    Pool pool = pools.pool(table.location());
    return await(
        table,
        pool.query(WAL_POSITION)
            .execute()
            .map(rows -> rows.iterator().next().getLong(0))
            .chain(
                before ->
                    pool.withTransaction(
                        connection ->
                            connection
                                .query(PostgresTableReader.SNAPSHOT)
                                .execute()
                                .chain(() -> connection.query(SNAPSHOT_POSITION).execute())
                                .map(rows -> position(before, rows.iterator().next()))
                                .chain(
                                    position ->
                                        PostgresTableReader.read(
                                                connection,
                                                view,
                                                withChecksum,
                                                config.fetchSize(),
                                                false)
                                            .map(rows -> new Read(rows, position))))));
  }

  /**
   * The read's position when no transaction was in progress at its snapshot: it saw the changes
   * below {@code after} and none at or above {@code before}.
   */
  static SourcePosition position(Long before, Row snapshot) {
    Long after = snapshot.getLong(1);
    if (before == null || after == null) {
      return SourcePosition.unknown("the source server is a standby (no WAL position)");
    }
    long inProgress = snapshot.getLong(0);
    if (inProgress > 0) {
      return SourcePosition.unknown(
          inProgress
              + (inProgress == 1 ? " transaction was" : " transactions were")
              + " in progress on the source when it was read");
    }
    return SourcePosition.at(after, before);
  }

  /** The table's write counters now. */
  TableActivity activity(ValidatedTable table) {
    TableDef definition = table.definition();
    String name = Identifiers.qualified(definition.sourceSchema(), definition.sourceTable());
    return await(
        table,
        pools
            .pool(table.location())
            .preparedQuery(ACTIVITY)
            .execute(Tuple.of(name))
            .map(
                rows -> {
                  Row row = rows.iterator().next();
                  if (!row.getBoolean(0)) {
                    throw new ValidationException(
                        "source table "
                            + name(definition)
                            + " in "
                            + server(table)
                            + " does not exist");
                  }
                  return new TableActivity(
                      row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
                }));
  }

  private <T> T await(ValidatedTable table, Uni<T> read) {
    try {
      return read.onFailure(e -> !(e instanceof ValidationException))
          .transform(e -> failure(table, e))
          .await()
          .atMost(config.queryTimeout());
    } catch (TimeoutException e) {
      throw new ValidationException(
          "reading source table " + name(table.definition()) + " timed out", e);
    }
  }

  static ValidationException failure(ValidatedTable table, Throwable e) {
    TableDef definition = table.definition();
    String where = name(definition) + " in " + server(table);
    if (e instanceof PgException pg && "42P01".equals(pg.getSqlState())) {
      return new ValidationException("source table " + where + " does not exist", e);
    }
    if (e instanceof PgException pg && "42703".equals(pg.getSqlState())) {
      return new ValidationException(
          "source table " + where + " no longer has the recorded columns: " + pg.getErrorMessage(),
          e);
    }
    if (e instanceof IllegalArgumentException) {
      return new ValidationException("source table " + where + ": " + e.getMessage(), e);
    }
    return new ValidationException(
        "cannot read source table " + where + ": " + redact(table, String.valueOf(e.getMessage())),
        e);
  }

  private static String name(TableDef table) {
    return table.sourceSchema() + "." + table.sourceTable();
  }

  /** {@code user@host:port/database}, never the password. */
  private static String server(ValidatedTable table) {
    try {
      return PostgresSourcePools.url(table.location()).toString();
    } catch (ValidationException e) {
      return "(unreadable location)";
    }
  }

  private static String redact(ValidatedTable table, String message) {
    try {
      PostgresUrl url = PostgresSourcePools.url(table.location());
      return url.password() == null || url.password().isEmpty()
          ? message
          : message.replace(url.password(), "***");
    } catch (ValidationException e) {
      return message;
    }
  }
}
