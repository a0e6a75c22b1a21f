package io.tributary.source.postgres.capture;

import io.tributary.capture.pgoutput.LogicalMessages;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL capture runs in a PostgreSQL source: the publication of the captured tables, their
 * replica identity, the replication slot's lag, the fence message, and their removal. Every
 * identifier is quoted; names are never spliced raw.
 */
public final class PostgresCaptureStatementBuilder {
  /**
   * The prefix of the fence messages: Tributary's own logical decoding messages, whose heartbeats
   * every engine receives too.
   */
  public static final String MESSAGE_PREFIX = LogicalMessages.TRIBUTARY_PREFIX;

  public static final String PUBLICATION_EXISTS = "SELECT 1 FROM pg_publication WHERE pubname = ?";

  /**
   * The replica identity of a table ({@code d} default, {@code f} full, {@code i} index, {@code n}
   * nothing) and whether it has a column whose values may be stored out of line (TOAST): those
   * values are not in the WAL of an update that leaves them unchanged unless the identity is full.
   */
  public static final String REPLICA_IDENTITY =
      """
      SELECT c.relreplident::text AS identity,
             EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                        AND a.attlen = -1 AND a.attstorage IN ('x', 'e', 'm')) AS toastable
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relname = ?""";

  /**
   * The slot's state: whether a connection streams from it, the WAL it holds back (bytes from
   * {@code restart_lsn} to the current position) and the bytes not yet confirmed by capture.
   */
  public static final String SLOT_LAG =
      """
      SELECT active, active_pid,
             pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained_bytes,
             pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag_bytes
        FROM pg_replication_slots WHERE slot_name = ?""";

  /** The slot's confirmed position, as a number (the LSN's 64 bits); no row: no slot. */
  public static final String SLOT_CONFIRMED_FLUSH =
      """
      SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint
        FROM pg_replication_slots WHERE slot_name = ?""";

  public static final String DROP_SLOT = "SELECT pg_drop_replication_slot(?)";

  /**
   * Creates the logical slot (pgoutput) capture will read, so that changes from now on wait in it
   * before any engine runs; answers its consistent point.
   */
  public static final String CREATE_SLOT =
      "SELECT lsn::text FROM pg_create_logical_replication_slot(?, 'pgoutput')";

  /**
   * Every slot of this database named as Tributary names its slots ({@code tributary_…}): name,
   * active, the WAL it holds back.
   */
  public static final String TRIBUTARY_SLOTS =
      """
      SELECT slot_name::text, active,
             pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS retained_bytes
        FROM pg_replication_slots
       WHERE database = current_database() AND slot_name LIKE 'tributary\\_%'
       ORDER BY slot_name""";

  public static final String EMIT_FENCE =
      "SELECT pg_logical_emit_message(true, '" + MESSAGE_PREFIX + "', ?)::text";

  /** Makes the session's commits flush the WAL (and so wake the walsenders) before returning. */
  public static final String SYNCHRONOUS_COMMIT = "SET synchronous_commit = on";

  private PostgresCaptureStatementBuilder() {}

  public static String createPublication(String publication, List<TableDef> tables) {
    return "CREATE PUBLICATION " + Identifiers.quote(publication) + " FOR TABLE " + list(tables);
  }

  public static String setPublicationTables(String publication, List<TableDef> tables) {
    return "ALTER PUBLICATION " + Identifiers.quote(publication) + " SET TABLE " + list(tables);
  }

  /**
   * Makes the publication send a partition's changes as its partitioned table's, the table capture
   * follows (PostgreSQL 13 and later; without it they are sent under the partition's name, which
   * capture does not follow, and are lost to the migration).
   */
  public static String publishViaPartitionRoot(String publication) {
    return "ALTER PUBLICATION "
        + Identifiers.quote(publication)
        + " SET (publish_via_partition_root = true)";
  }

  public static String dropPublication(String publication) {
    return "DROP PUBLICATION IF EXISTS " + Identifiers.quote(publication);
  }

  /** Sets a table's replica identity; {@code identity} is {@code FULL} or {@code DEFAULT}. */
  public static String replicaIdentity(String schema, String table, String identity) {
    if (!identity.equals("FULL") && !identity.equals("DEFAULT")) {
      throw new IllegalArgumentException("replica identity " + identity);
    }
    return "ALTER TABLE " + Identifiers.qualified(schema, table) + " REPLICA IDENTITY " + identity;
  }

  /**
   * Makes a table's updates and deletes log the columns of a unique index over NOT NULL columns:
   * {@code ALTER TABLE t REPLICA IDENTITY USING INDEX i}.
   */
  public static String replicaIdentityUsingIndex(String schema, String table, String index) {
    return "ALTER TABLE "
        + Identifiers.qualified(schema, table)
        + " REPLICA IDENTITY USING INDEX "
        + Identifiers.quote(index);
  }

  private static String list(List<TableDef> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a publication needs at least one table");
    }
    return tables.stream()
        .map(t -> Identifiers.qualified(t.sourceSchema(), t.sourceTable()))
        .collect(Collectors.joining(", "));
  }
}
