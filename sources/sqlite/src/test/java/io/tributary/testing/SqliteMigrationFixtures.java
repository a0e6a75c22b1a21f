package io.tributary.testing;

import io.tributary.common.cast.CastPlanner;
import io.tributary.common.cast.CastPlanner.Result;
import io.tributary.common.catalog.ColumnProfile;
import io.tributary.common.catalog.ForeignKey;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.source.sqlite.catalog.SqliteColumnProfiler;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records SQLite migrations as the orchestrator's intake does, for tests of the other services (see
 * {@link MigrationFixtures}).
 */
public final class SqliteMigrationFixtures {
  static {
    // Register the JDBC driver with this class loader (see MigrationFixtures).
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private SqliteMigrationFixtures() {}

  /**
   * Records a SQLite migration in state SNAPSHOTTING and provisions its target tables as the
   * orchestrator does (tables apply can copy are made without their key, {@link
   * io.tributary.common.sql.BulkLoad}).
   */
  public static List<TableDef> recordSqliteMigration(
      String jdbcUrl, String migration, String source, String schema, Path file) throws Exception {
    List<TableDef> tables = SqliteCatalogReader.read(file, migration, source, schema);
    MigrationFixtures.record(
        jdbcUrl,
        migration,
        source,
        "sqlite",
        file.toAbsolutePath().toString(),
        schema,
        TableDdlBuilder.provisionIsolated(List.of(schema), List.of(), tables, Map.of()),
        tables);
    return tables;
  }

  /**
   * Records a SQLite migration shaped by plan rules and the automatic casting rules, as the
   * orchestrator's intake does (profiles, declared foreign keys, {@link
   * io.tributary.common.cast.CastPlanner}), and provisions its target tables with their extras.
   *
   * @throws IllegalArgumentException when a rule cannot be applied
   */
  public static List<TableDef> recordSqliteMigration(
      String jdbcUrl,
      String migration,
      String source,
      String schema,
      Path file,
      Map<String, TableRule> rules)
      throws Exception {
    List<TableDef> read = SqliteCatalogReader.read(file, migration, source, schema);
    Map<String, Map<String, ColumnProfile>> profiles = new HashMap<>();
    Map<String, List<ForeignKey>> keys = new HashMap<>();
    try (Connection c = SqliteConnections.openReadOnly(file)) {
      for (TableDef t : read) {
        profiles.put(t.sourceTable(), SqliteColumnProfiler.profile(c, t));
        keys.put(t.sourceTable(), SqliteColumnProfiler.foreignKeys(c, t.sourceTable()));
      }
    }
    Result shaped = CastPlanner.plan(migration, source, "sources[0]", read, rules, profiles, keys);
    if (!shaped.errors().isEmpty()) {
      throw new IllegalArgumentException("plan rules refused: " + shaped.errors());
    }
    MigrationFixtures.record(
        jdbcUrl,
        migration,
        source,
        "sqlite",
        file.toAbsolutePath().toString(),
        schema,
        TableDdlBuilder.provisionIsolated(
            List.of(schema), List.of(), shaped.tables(), shaped.extras()),
        shaped.tables());
    return shaped.tables();
  }
}
