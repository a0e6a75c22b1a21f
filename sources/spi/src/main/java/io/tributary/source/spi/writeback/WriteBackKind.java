package io.tributary.source.spi.writeback;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.SourceKind;
import java.sql.SQLException;
import java.util.List;

/**
 * Writing back into the sources of one {@link SourceKind} during the fallback window; one per kind,
 * offered by its {@link io.tributary.source.spi.SourceKindModule} and chosen by cdc-service's
 * fallback window by {@link #kind}.
 */
public interface WriteBackKind {

  /** The kind of source it writes into. */
  SourceKind kind();

  /**
   * Opens a writer on one source.
   *
   * @throws SQLException when the source cannot be reached now (retried later)
   */
  WriteBack open(WriteBackSource source) throws SQLException;

  /**
   * One source of a migration, as recorded at provisioning.
   *
   * @param migration the migration id
   * @param source the source's name in the plan
   * @param location where it is: a SQLite file's path, a PostgreSQL URL (with its credentials)
   * @param targetSchema the source's target schema, which owns the source's read-only freeze
   * @param tables the source's migrated tables
   */
  record WriteBackSource(
      String migration,
      String source,
      String location,
      String targetSchema,
      List<TableDef> tables) {
    public WriteBackSource {
      tables = List.copyOf(tables);
    }
  }
}
