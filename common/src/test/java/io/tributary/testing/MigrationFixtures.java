package io.tributary.testing;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.ControlSchemaMigrator;
import io.tributary.common.control.TargetDatabase;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.BulkLoad;
import io.tributary.common.sql.TableDdlBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the orchestrator in tests of the other services: records a migration in the control
 * schema (state SNAPSHOTTING) and provisions its target schema and tables, as the orchestrator's
 * intake does, so a real cdc-service captures and applies it. The kinds' catalogs are read by
 * {@code SqliteMigrationFixtures} and {@code PostgresMigrationFixtures} (the test-jars of {@code
 * sources/sqlite} and {@code sources/postgres}).
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
    ControlSchemaMigrator.migrate(new TargetDatabase(jdbcUrl, "postgres", "postgres"));
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
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
                  + " target_schema, target_table, topic, definition, bulk_load)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
        for (TableDef t : tables) {
          st.setString(1, migration);
          st.setString(2, source);
          st.setString(3, t.sourceSchema());
          st.setString(4, t.sourceTable());
          st.setString(5, schema);
          st.setString(6, t.targetTable());
          st.setString(7, t.topic());
          st.setString(8, ChangeEventCodec.MAPPER.writeValueAsString(t));
          st.setBoolean(9, BulkLoad.eligible(t) && !hasKey(c, t));
          st.execute();
        }
      }
      c.commit();
    }
  }

  /**
   * Does what apply does once the snapshots of a migration's bulk-loaded tables are in (for tests
   * that write the target's rows by hand, without cdc-service): builds each table's key and records
   * {@code key_built_at}.
   */
  public static void buildKeys(String jdbcUrl, String user, String password, String migration)
      throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      List<TableDef> tables = new ArrayList<>();
      try (PreparedStatement st =
          c.prepareStatement(
              "SELECT definition::text FROM tributary.tables WHERE migration_id = ? AND bulk_load"
                  + " AND key_built_at IS NULL")) {
        st.setString(1, migration);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            tables.add(ChangeEventCodec.MAPPER.readValue(rs.getString(1), TableDef.class));
          }
        }
      }
      for (TableDef t : tables) {
        try (Statement st = c.createStatement()) {
          st.execute(TableDdlBuilder.addKey(t));
        }
        try (PreparedStatement st =
            c.prepareStatement(
                "UPDATE tributary.tables SET key_built_at = now() WHERE topic = ?")) {
          st.setString(1, t.topic());
          st.execute();
        }
      }
    }
  }

  /**
   * Whether the DDL made the table with its key: a table made without it is recorded for a bulk
   * load, as the orchestrator records the tables it provisions so.
   */
  private static boolean hasKey(Connection c, TableDef t) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(TableDdlBuilder.HAS_KEY.replaceAll("\\$\\d", "?"))) {
      String uniqueName = TableDdlBuilder.uniqueKeyName(t);
      st.setString(1, Identifiers.qualified(t.targetSchema(), t.targetTable()));
      st.setString(2, uniqueName);
      st.setString(3, uniqueName);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
