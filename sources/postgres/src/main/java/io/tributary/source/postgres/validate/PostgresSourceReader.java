package io.tributary.source.postgres.validate;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.freeze.RoleFreeze;
import io.tributary.source.spi.validate.CapturePosition;
import io.tributary.source.spi.validate.PgTableReads;
import io.tributary.source.spi.validate.PgTableReads.ReadError;
import io.tributary.source.spi.validate.PgTableReads.ReadFailures;
import io.tributary.source.spi.validate.PgTableReads.SnapshotRead;
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
import java.time.Instant;
import java.util.List;

/**
 * Counts and checksums a table of a PostgreSQL source, read-only, in one REPEATABLE READ
 * transaction per read, through the same code that reads target tables (the validator's {@link
 * PgTableReads}, on a {@link PostgresSourceView view} naming the source's schema and table): the
 * source's columns have the target's types, so equal rows give equal canonical rows and checksums
 * on both sides, and no source value can fail to decode (expected rejects are 0). The connections
 * are the validator's, one small pool per source; the table's fingerprint is its write counters
 * ({@link TableActivity}), its last write what {@link PostgresWriteClock} saw.
 */
public final class PostgresSourceReader implements ValidationSource {
  /**
   * Whether a table ({@code $1}: its quoted, qualified name) exists, and its write counters, summed
   * over its partitions.
   */
  /**
   * Whether the table ($1, qualified) is partitioned declaratively: its rows are its partitions',
   * read through it; any other table's reads take its own rows only ({@code FROM ONLY}), its
   * inheritance children being tables of their own.
   */
  static final String PARTITIONED =
      "SELECT coalesce((SELECT c.relkind = 'p' FROM pg_catalog.pg_class c"
          + " WHERE c.oid = pg_catalog.to_regclass($1)), false)";

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

  /**
   * Whether the table ({@code $1}: its quoted, qualified name) has the freeze's write guard ({@code
   * $2}), enabled.
   */
  static final String WRITE_GUARD =
      """
      SELECT count(*) FROM pg_trigger
       WHERE tgrelid = to_regclass($1) AND tgname = $2 AND tgenabled <> 'D'""";

  /** How far the capture's slot has confirmed: $1 the slot. */
  static final String SLOT_POSITION =
      """
      SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint
        FROM pg_replication_slots WHERE slot_name = $1""";

  private final PgTableReads reads;
  private final PostgresWriteClock clock;
  private final long checksumWalLag;

  /**
   * @param reads the validator's reads of PostgreSQL servers
   * @param checksumWalLag bytes of WAL capture may leave unconfirmed behind a read before it is far
   *     behind ({@code tributary.validator.checksum-wal-lag})
   */
  public PostgresSourceReader(PgTableReads reads, PostgresWriteClock clock, long checksumWalLag) {
    this.reads = reads;
    this.clock = clock;
    this.checksumWalLag = checksumWalLag;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRES;
  }

  @Override
  public RowScanner rowScanner(ValidatedTable table, RejectedKeys rejects) {
    return reads.rowScanner(table.location(), view(table), rejects, failures(table));
  }

  @Override
  public long count(ValidatedTable table) {
    return read(table, false).rows();
  }

  @Override
  public SourceSide counted(ValidatedTable table) {
    SnapshotRead read = read(table, false);
    return SourceSide.counted(read.rows(), position(read));
  }

  @Override
  public SourceSide checksum(ValidatedTable table) {
    SnapshotRead read = read(table, true);
    return new SourceSide(read.rows(), 0L, read.checksum(), position(read));
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
    return confirmed != null && read.through() - confirmed > checksumWalLag;
  }

  /** The {@code confirmed_flush_lsn} of the capture's replication slot. */
  @Override
  public CapturePosition captured(ValidatedTable table) {
    String slot = CaptureNames.postgresSlot(table.migration(), table.source());
    try {
      List<List<Object>> rows =
          reads.query(table.location(), SLOT_POSITION, List.of(slot), failures(table));
      Long confirmed = rows.isEmpty() ? null : asLong(rows.get(0).get(0));
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

  /** True when the table has the freeze's write guard, enabled ({@link RoleFreeze#WRITE_GUARD}). */
  @Override
  public boolean writesGuarded(ValidatedTable table) {
    TableDef definition = table.definition();
    if (definition == null) {
      return false;
    }
    try {
      List<List<Object>> rows =
          reads.query(
              table.location(),
              WRITE_GUARD,
              List.of(
                  Identifiers.qualified(definition.sourceSchema(), definition.sourceTable()),
                  RoleFreeze.WRITE_GUARD),
              failures(table));
      return !rows.isEmpty() && asLong(rows.get(0).get(0)) == 1L;
    } catch (RuntimeException e) {
      return false; // the gate counts
    }
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

  /** One read of the table: its WAL position before, its snapshot's, and its rows. */
  private SnapshotRead read(ValidatedTable table, boolean withChecksum) {
    return reads.read(
        table.location(),
        WAL_POSITION,
        SNAPSHOT_POSITION,
        view(table),
        withChecksum,
        failures(table));
  }

  /**
   * The table as the shared statements read it ({@link PostgresSourceView}): its own rows only
   * unless it is partitioned ({@link #PARTITIONED}), asked each time (a table may be attached to or
   * detached from a hierarchy while it is migrated). An inheritance parent's count otherwise holds
   * its children's rows, which the target's parent reads as its children's ({@code ONLY} there too,
   * {@link TableDef#ownRowsOnly}) or does not hold (a child made a table of its own): it could
   * never match.
   */
  private TableDef view(ValidatedTable table) {
    TableDef definition = table.definition();
    String name = Identifiers.qualified(definition.sourceSchema(), definition.sourceTable());
    Object partitioned =
        reads.query(table.location(), PARTITIONED, List.of(name), failures(table)).get(0).get(0);
    return PostgresSourceView.of(definition).withOwnRowsOnly(!Boolean.TRUE.equals(partitioned));
  }

  private static SourcePosition position(SnapshotRead read) {
    return position(asLong(read.before().get(0)), read.atSnapshot());
  }

  /**
   * The read's position when no transaction was in progress at its snapshot: it saw the changes
   * below {@code after} and none at or above {@code before}.
   *
   * @param snapshot the row of {@link #SNAPSHOT_POSITION}
   */
  static SourcePosition position(Long before, List<Object> snapshot) {
    Long after = asLong(snapshot.get(1));
    if (before == null || after == null) {
      return SourcePosition.unknown("the source server is a standby (no WAL position)");
    }
    long inProgress = asLong(snapshot.get(0));
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
    List<Object> row =
        reads.query(table.location(), ACTIVITY, List.of(name), failures(table)).get(0);
    if (!(Boolean) row.get(0)) {
      throw new ValidationException(
          "source table " + name(definition) + " in " + server(table) + " does not exist");
    }
    return new TableActivity(
        asLong(row.get(1)), asLong(row.get(2)), asLong(row.get(3)), asLong(row.get(4)));
  }

  /** A bigint column's value (as the Vert.x client's {@code Row.getLong} reads it). */
  private static Long asLong(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  /** How a read of the table fails, in the operator's words. */
  private static ReadFailures failures(ValidatedTable table) {
    return new ReadFailures() {
      @Override
      public RuntimeException failed(ReadError error) {
        return failure(table, error);
      }

      @Override
      public RuntimeException timedOut(Throwable timeout) {
        return new ValidationException(
            "reading source table " + name(table.definition()) + " timed out", timeout);
      }
    };
  }

  static ValidationException failure(ValidatedTable table, ReadError error) {
    TableDef definition = table.definition();
    String where = name(definition) + " in " + server(table);
    Throwable e = error.cause();
    if ("42P01".equals(error.sqlState())) {
      return new ValidationException("source table " + where + " does not exist", e);
    }
    if ("42703".equals(error.sqlState())) {
      return new ValidationException(
          "source table " + where + " no longer has the recorded columns: " + error.serverMessage(),
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
    PostgresUrl url = url(table.location());
    return url == null ? "(unreadable location)" : url.toString();
  }

  private static String redact(ValidatedTable table, String message) {
    PostgresUrl url = url(table.location());
    return url == null || url.password() == null || url.password().isEmpty()
        ? message
        : message.replace(url.password(), "***");
  }

  /** The location read as a PostgreSQL URL, null when it is not one. */
  private static PostgresUrl url(String location) {
    try {
      return PostgresUrl.parse(location);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
