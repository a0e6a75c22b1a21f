package io.tributary.source.postgres.capture.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.replication.ReplicationSlotInfo;

/**
 * The capture's logical replication slot ({@code pgoutput}), created by Tributary on a replication
 * connection with the snapshot of its consistent point exported: every transaction committed before
 * that point is in the snapshot, every one committing after it is decoded from the slot. The
 * snapshot can be imported only while this connection stays open and idle: close it once the
 * readers have imported it (an imported snapshot outlives its exporter).
 */
public final class ExportedSlot implements AutoCloseable {
  private final Connection connection;
  private final ReplicationSlotInfo slot;

  private ExportedSlot(Connection connection, ReplicationSlotInfo slot) {
    this.connection = connection;
    this.slot = slot;
  }

  /**
   * Creates the slot ({@code CREATE_REPLICATION_SLOT ... LOGICAL pgoutput}, which exports its
   * snapshot).
   *
   * @param connection a replication connection ({@link SnapshotConnections#replication()}), owned
   *     by the slot from now on
   * @throws SQLException when the slot cannot be created (it exists already, no free slots, no
   *     {@code REPLICATION} privilege); the connection is closed
   */
  public static ExportedSlot create(Connection connection, String slotName) throws SQLException {
    try {
      ReplicationSlotInfo slot =
          connection
              .unwrap(PGConnection.class)
              .getReplicationAPI()
              .createReplicationSlot()
              .logical()
              .withSlotName(slotName)
              .withOutputPlugin("pgoutput")
              .make();
      return new ExportedSlot(connection, slot);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The slot's consistent point, as PostgreSQL prints an LSN ({@code 0/16B3748}). */
  public String consistentPoint() {
    return slot.getConsistentPoint().asString();
  }

  /** The name of the exported snapshot, for {@code SET TRANSACTION SNAPSHOT}. */
  public String snapshotName() {
    return slot.getSnapshotName();
  }

  /** The slot's name. */
  public String slotName() {
    return slot.getSlotName();
  }

  /** Closes the replication connection: the snapshot can no longer be imported; the slot stays. */
  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
