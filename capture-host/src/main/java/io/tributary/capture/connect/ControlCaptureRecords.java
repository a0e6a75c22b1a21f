package io.tributary.capture.connect;

import io.tributary.capture.CaptureControl;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.spi.capture.CaptureListener;
import io.tributary.source.spi.capture.CaptureRecords;
import io.tributary.source.spi.capture.SnapshotRange;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the control schema keeps of a capture, as a Kafka Connect task records it ({@link
 * CaptureControl}): snapshot generations and completions, fences published. A task does not change
 * replica identities (no kind it runs needs them), so it refuses to record them.
 */
final class ControlCaptureRecords implements CaptureRecords {
  private final CaptureControl control;

  ControlCaptureRecords(CaptureControl control) {
    this.control = control;
  }

  @Override
  public long snapshotGeneration(String migration, String source) {
    return control.snapshotGeneration(migration, source);
  }

  @Override
  public boolean markSnapshotComplete(
      String migration, String source, String schema, String table, long rows) {
    control.snapshotComplete(migration, source, schema, table, rows);
    return true;
  }

  @Override
  public boolean markSnapshotSent(
      String migration, String source, String schema, String table, long rows) {
    control.snapshotSent(migration, source, schema, table, rows);
    return true;
  }

  @Override
  public void declareChunkedSnapshots(String migration, String source) {
    control.chunkedSnapshots(migration, source);
  }

  @Override
  public void recordReplicaIdentities(
      String migration, String source, Map<String, String> identities) {
    throw cdcServiceOnly("replica identities", migration, source);
  }

  @Override
  public void recordSnapshotRange(
      String migration, String source, long generation, SnapshotRange range) {
    throw cdcServiceOnly("snapshot ranges", migration, source);
  }

  @Override
  public List<SnapshotRange> snapshotRanges(String migration, String source, long generation) {
    throw cdcServiceOnly("snapshot ranges", migration, source);
  }

  @Override
  public void restartSnapshot(String migration, String source, long generation) {
    throw cdcServiceOnly("snapshot ranges", migration, source);
  }

  @Override
  public Set<String> snapshotsSent(String migration, String source) {
    throw cdcServiceOnly("snapshot ranges", migration, source);
  }

  /**
   * Only a PostgreSQL source's capture reads its snapshot in ranges or changes replica identities;
   * this plugin carries the SQLite kind, and PostgreSQL sources are captured by cdc-service.
   */
  private static UnsupportedOperationException cdcServiceOnly(
      String what, String migration, String source) {
    return new UnsupportedOperationException(
        what
            + " are not recorded by a Connect task: capture PostgreSQL source "
            + source
            + " of migration "
            + migration
            + " with cdc-service");
  }

  @Override
  public List<TableDef> changedReplicaIdentities(String migration, String source) {
    return List.of();
  }

  @Override
  public void clearReplicaIdentities(String migration, String source) {
    // none recorded
  }

  /** The listener of one source's capture: its progress recorded in the control schema. */
  CaptureListener listener(String migration, String source) {
    return new CaptureListener() {
      @Override
      public void tableComplete(TableDef table, long rows) {
        control.snapshotComplete(
            migration, source, table.sourceSchema(), table.sourceTable(), rows);
      }

      @Override
      public void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {
        control.fencePublished(fence, offsets);
      }

      @Override
      public long nextGeneration() {
        return control.nextGeneration(migration, source);
      }
    };
  }
}
