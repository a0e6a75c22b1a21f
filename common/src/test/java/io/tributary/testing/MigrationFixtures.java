package io.tributary.testing;

import io.tributary.common.catalog.PostgresCatalog;
import io.tributary.common.catalog.PostgresCatalogReader;
import io.tributary.common.catalog.SqliteCatalogReader;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.ControlSchema;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.sql.TableDdlBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the orchestrator in tests of the other services: records a migration in the control
 * schema (state SNAPSHOTTING) and provisions its target schema and tables, as the orchestrator's
 * intake does, so a real cdc-service captures and applies it.
 */
public final class MigrationFixtures {
  static {
    // Register the JDBC drivers with this class loader: after a @QuarkusTest in the same JVM,
    // DriverManager only knows the copies Quarkus' class loader registered, which it hides from us.
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private MigrationFixtures() {}

  /** Records a SQLite migration in state SNAPSHOTTING and provisions its target tables. */
  public static List<TableDef> recordSqliteMigration(
      String jdbcUrl, String migration, String source, String schema, Path file) throws Exception {
    List<TableDef> tables = SqliteCatalogReader.read(file, migration, source, schema);
    record(
        jdbcUrl,
        migration,
        source,
        "sqlite",
        file.toAbsolutePath().toString(),
        schema,
        TableDdlBuilder.provision(schema, tables),
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
      Map<String, io.tributary.common.plan.TableRule> rules)
      throws Exception {
    List<TableDef> read = SqliteCatalogReader.read(file, migration, source, schema);
    Map<String, Map<String, io.tributary.common.catalog.ColumnProfile>> profiles =
        new java.util.HashMap<>();
    Map<String, List<io.tributary.common.catalog.ForeignKey>> keys = new java.util.HashMap<>();
    try (Connection c = SqliteCatalogReader.openReadOnly(file)) {
      for (TableDef t : read) {
        profiles.put(
            t.sourceTable(), io.tributary.common.catalog.SqliteColumnProfiler.profile(c, t));
        keys.put(
            t.sourceTable(),
            io.tributary.common.catalog.SqliteColumnProfiler.foreignKeys(c, t.sourceTable()));
      }
    }
    io.tributary.common.cast.CastPlanner.Result shaped =
        io.tributary.common.cast.CastPlanner.plan(
            migration, source, "sources[0]", read, rules, profiles, keys);
    if (!shaped.errors().isEmpty()) {
      throw new IllegalArgumentException("plan rules refused: " + shaped.errors());
    }
    record(
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

  /**
   * Records a PostgreSQL migration in state SNAPSHOTTING (source schema {@code public} to the given
   * target schema) and provisions its target enum types and tables.
   */
  public static List<TableDef> recordPostgresMigration(
      String jdbcUrl, String migration, String source, String schema, String sourceUrl)
      throws Exception {
    PostgresUrl url = PostgresUrl.parse(sourceUrl);
    PostgresCatalog catalog;
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.credentials())) {
      catalog = PostgresCatalogReader.read(c, migration, source, Map.of("public", schema));
    }
    record(
        jdbcUrl,
        migration,
        source,
        "postgres",
        sourceUrl,
        schema,
        TableDdlBuilder.provision(schema, catalog.enums(), catalog.tables()),
        catalog.tables());
    return catalog.tables();
  }

  /**
   * What the orchestrator does at provisioning: control rows and target DDL, in one transaction.
   */
  public static void record(
      String jdbcUrl,
      String migration,
      String source,
      String kind,
      String location,
      String schema,
      List<String> ddl,
      List<TableDef> tables)
      throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(ControlSchema.LOCK);
        for (String s : ControlSchema.statements()) {
          st.execute(s);
        }
        for (String s : ddl) {
          st.execute(s);
        }
      }
      try (PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO tributary.migrations (id, plan_text, plan, state) VALUES (?, '', '{}', 'SNAPSHOTTING')")) {
        st.setString(1, migration);
        st.execute();
      }
      try (PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO tributary.sources (migration_id, name, kind, location, target_schema)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        st.setString(1, migration);
        st.setString(2, source);
        st.setString(3, kind);
        st.setString(4, location);
        st.setString(5, schema);
        st.execute();
      }
      try (PreparedStatement st =
          c.prepareStatement(
              "INSERT INTO tributary.tables (migration_id, source_name, source_schema, source_table,"
                  + " target_schema, target_table, topic, definition) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
        for (TableDef t : tables) {
          st.setString(1, migration);
          st.setString(2, source);
          st.setString(3, t.sourceSchema());
          st.setString(4, t.sourceTable());
          st.setString(5, schema);
          st.setString(6, t.targetTable());
          st.setString(7, t.topic());
          st.setString(8, ChangeEventCodec.MAPPER.writeValueAsString(t));
          st.execute();
        }
      }
      c.commit();
    }
  }
}
