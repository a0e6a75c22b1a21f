package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.tributary.auth.Operator;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.TableRule;
import io.tributary.common.value.TableChecksum;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.testing.PostgresMigrationFixtures;
import io.tributary.testing.SqliteMigrationFixtures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test helpers standing in for the orchestrator (recording a migration and provisioning its tables)
 * and for value-level comparison of source and target tables.
 */
public final class ControlFixtures {
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

  private ControlFixtures() {}

  /**
   * Runs an UPDATE of one migration's row in the control schema, as the orchestrator would (pause,
   * resume, state): {@code sql} takes the migration's id as its only parameter.
   */
  public static void updateMigration(String jdbcUrl, String sql, String migration)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, migration);
      assertThat(st.executeUpdate()).as(sql).isEqualTo(1);
    }
  }

  /** Waits until cdc-service reports the capture {@code migration/source} running, or not. */
  public static void awaitCapture(String id, boolean running) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                Operator.given()
                    .get("/cdc/status")
                    .then()
                    .statusCode(200)
                    .body("captures", running ? hasItem(id) : not(hasItem(id))));
  }

  /** Records a SQLite migration in state SNAPSHOTTING and provisions its target tables. */
  public static List<TableDef> recordSqliteMigration(
      String jdbcUrl, String migration, String source, String schema, Path file) throws Exception {
    return SqliteMigrationFixtures.recordSqliteMigration(jdbcUrl, migration, source, schema, file);
  }

  /**
   * See {@link SqliteMigrationFixtures#recordSqliteMigration(String, String, String, String, Path,
   * Map)}.
   */
  public static List<TableDef> recordSqliteMigration(
      String jdbcUrl,
      String migration,
      String source,
      String schema,
      Path file,
      Map<String, TableRule> rules)
      throws Exception {
    return SqliteMigrationFixtures.recordSqliteMigration(
        jdbcUrl, migration, source, schema, file, rules);
  }

  /** See {@link PostgresMigrationFixtures#recordPostgresMigration}. */
  public static List<TableDef> recordPostgresMigration(
      String jdbcUrl, String migration, String source, String schema, String sourceUrl)
      throws Exception {
    return PostgresMigrationFixtures.recordPostgresMigration(
        jdbcUrl, migration, source, schema, sourceUrl);
  }

  /**
   * The rows of a PostgreSQL table in their text form, in key order, hashed: equal for two tables
   * of the same column types exactly when they hold the same values.
   */
  public static String rowsDigest(Connection c, String schema, String name, TableDef table)
      throws SQLException {
    String keys =
        table.keyColumns().stream()
            .map(ColumnDef::name)
            .map(Identifiers::quote)
            .collect(Collectors.joining(", "));
    String sql =
        "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
            + keys
            + ")), '') FROM "
            + Identifiers.qualified(schema, name)
            + " t";
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Checksum of a SQLite table's rows, decoded as apply decodes them. */
  public static TableChecksum sourceChecksum(Path file, TableDef table) throws SQLException {
    TableChecksum sum = new TableChecksum();
    try (Connection c = SqliteConnections.openReadOnly(file);
        ResultSet rs = c.createStatement().executeQuery(select(table, false))) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
          row.add(ValueCodec.fromSource(rs.getObject(i + 1), table.columns().get(i).targetType()));
        }
        sum.add(row);
      }
    }
    return sum;
  }

  /** Checksum of the target table's rows, read back through pgJDBC. */
  public static TableChecksum targetChecksum(String jdbcUrl, TableDef table) throws SQLException {
    TableChecksum sum = new TableChecksum();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(select(table, true))) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
          Object v = rs.getObject(i + 1);
          row.add(v instanceof BigDecimal d ? d : v);
        }
        sum.add(row);
      }
    }
    return sum;
  }

  public static long targetCount(String jdbcUrl, TableDef table) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM "
                        + Identifiers.qualified(table.targetSchema(), table.targetTable()))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public static long sourceCount(Path file, TableDef table) throws SQLException {
    try (Connection c = SqliteConnections.openReadOnly(file);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*) FROM " + Identifiers.quote(table.sourceTable()))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Requests a fence of a source as the cutover does (a row in {@code tributary.fences}, which
   * capture writes into the source); its id.
   */
  public static long requestFence(String jdbcUrl, String migration, String source)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO tributary.fences (migration_id, source_name) VALUES (?, ?)"
                    + " RETURNING id")) {
      st.setString(1, migration);
      st.setString(2, source);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The target column of a source column, quoted. */
  public static String targetColumn(TableDef table, String sourceColumn) {
    return table.columns().stream()
        .filter(c -> c.name().equals(sourceColumn))
        .map(ColumnDef::targetName)
        .map(Identifiers::quote)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    table.sourceTable() + " has no column " + sourceColumn));
  }

  private static String select(TableDef table, boolean target) {
    String cols =
        table.columns().stream()
            .map(ColumnDef::name)
            .map(Identifiers::quote)
            .collect(Collectors.joining(", "));
    return "SELECT "
        + cols
        + " FROM "
        + (target
            ? Identifiers.qualified(table.targetSchema(), table.targetTable())
            : Identifiers.quote(table.sourceTable()));
  }
}
