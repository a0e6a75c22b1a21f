package io.tributary.common.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TributaryInfraExtension.class)
class ControlSchemaMigrationIT {
  private final TestInfrastructure infra;

  ControlSchemaMigrationIT(TestInfrastructure infra) {
    this.infra = infra;
  }

  @Test
  @DisplayName(
      "A new database is migrated to the required version; migrating again changes nothing")
  void freshDatabase() throws Exception {
    String database = infra.createDatabase("schema_fresh");
    TargetDatabase target = infra.targetDatabase(database);

    assertThat(ControlSchemaMigrator.migrate(target)).isEqualTo(ControlSchema.REQUIRED_VERSION);
    assertThat(ControlSchemaMigrator.migrate(target)).isEqualTo(ControlSchema.REQUIRED_VERSION);

    try (Connection c = infra.connect(database)) {
      assertThat(
              strings(
                  c,
                  "SELECT version FROM tributary.flyway_schema_history WHERE version IS NOT NULL ORDER BY version::int"))
          .containsExactlyElementsOf(versions(1));
      assertThat(
              strings(
                  c,
                  "SELECT table_name::text FROM information_schema.tables"
                      + " WHERE table_schema = 'tributary' ORDER BY 1"))
          .contains(
              "migrations",
              "sources",
              "tables",
              "apply_offsets",
              "validations",
              "validation_requests",
              "cutovers",
              "finalize_steps",
              "progress_samples",
              "flyway_schema_history");
    }
  }

  @Test
  @DisplayName(
      "A control schema made before versioned migrations is adopted at baseline 0: its rows stay,"
          + " and migration 1 (idempotent) brings it to shape")
  void legacyDatabase() throws Exception {
    String database = infra.createDatabase("schema_legacy");
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      // what a Tributary of version 6 left: every table, schema_version = 6, no history
      for (String statement : statements(migration1())) {
        st.execute(statement);
      }
      // one column added later by the idempotent DDL is missing in an older database
      st.execute("ALTER TABLE tributary.validations DROP COLUMN aligned_at");
      st.execute(
          "INSERT INTO tributary.migrations (id, plan_text, plan, state)"
              + " VALUES ('legacy', 'migration: legacy', '{}', 'REPLICATING')");
    }

    assertThat(ControlSchemaMigrator.migrate(infra.targetDatabase(database)))
        .isEqualTo(ControlSchema.REQUIRED_VERSION);

    try (Connection c = infra.connect(database)) {
      assertThat(
              strings(
                  c,
                  "SELECT version FROM tributary.flyway_schema_history WHERE version IS NOT NULL ORDER BY version::int"))
          .containsExactlyElementsOf(versions(0));
      assertThat(strings(c, "SELECT id || ':' || state FROM tributary.migrations"))
          .containsExactly("legacy:REPLICATING");
      assertThat(
              strings(
                  c,
                  "SELECT column_name::text FROM information_schema.columns"
                      + " WHERE table_schema = 'tributary' AND table_name = 'validations'"
                      + " AND column_name = 'aligned_at'"))
          .containsExactly("aligned_at");
    }
  }

  @Test
  @DisplayName(
      "A service that does not migrate waits, saying why, until the schema is at its version")
  void waitForVersion() {
    String database = infra.createDatabase("schema_wait");
    TargetDatabase target = infra.targetDatabase(database);
    ControlSchemaWait wait = new ControlSchemaWait(target, "test-service");

    assertThat(wait.ready()).isFalse();
    assertThat(wait.problem()).contains("not migrated yet").contains("orchestrator-service");

    ControlSchemaMigrator.migrate(target);

    assertThat(wait.ready()).isTrue();
    assertThat(wait.problem()).isNull();
  }

  @Test
  @DisplayName(
      "Version 15 gives the schemas of migrations provisioned before it their apply role (named as"
          + " SchemaRoleDdlBuilder names it, long names too), with DML on their tables, and marks"
          + " their owner roles")
  void applyRolesOfEarlierMigrations() throws Exception {
    String database = infra.createDatabase("schema_roles");
    ControlSchemaMigrator.migrate(infra.targetDatabase(database));
    String longName = "legacy_" + "x".repeat(52);
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO tributary.migrations (id, plan_text, plan, state)"
              + " VALUES ('before15', 'migration: before15', '{}', 'REPLICATING')");
      st.execute(
          "INSERT INTO tributary.sources (migration_id, name, kind, location, target_schema)"
              + " VALUES ('before15', 'app', 'sqlite', '/data/app.db', 'legacy_app')");
      int n = 0;
      for (String schema : List.of("legacy_app", longName)) {
        // as a Tributary before version 15 left it: the schema's role, unmarked, no apply role
        st.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
                + schema
                + "') THEN CREATE ROLE \""
                + schema
                + "\" LOGIN; END IF; END $$");
        st.execute("COMMENT ON ROLE \"" + schema + "\" IS NULL");
        st.execute("GRANT \"" + schema + "\" TO CURRENT_USER");
        st.execute("CREATE SCHEMA \"" + schema + "\" AUTHORIZATION \"" + schema + "\"");
        st.execute("CREATE TABLE \"" + schema + "\".notes (id bigint PRIMARY KEY)");
        st.execute("ALTER TABLE \"" + schema + "\".notes OWNER TO \"" + schema + "\"");
        st.execute(
            "INSERT INTO tributary.tables (migration_id, source_name, source_schema, source_table,"
                + " target_schema, target_table, topic, definition) VALUES ('before15', 'app',"
                + " 'main', 'notes"
                + n
                + "', '"
                + schema
                + "', 'notes', 'tributary.before15.app.main.notes"
                + n++
                + "', '{}')");
      }
      st.execute(versionFifteen());
      for (String schema : List.of("legacy_app", longName)) {
        String apply = SchemaRoleDdlBuilder.applyRole(schema);
        assertThat(
                strings(
                    c,
                    "SELECT rolcanlogin::text || ' ' || shobj_description(oid, 'pg_authid')"
                        + " FROM pg_roles WHERE rolname = '"
                        + apply
                        + "'"))
            .as(apply)
            .containsExactly("false tributary: schema role");
        assertThat(
                strings(
                    c,
                    "SELECT has_table_privilege('"
                        + apply
                        + "', '\""
                        + schema
                        + "\".notes', 'INSERT, UPDATE, DELETE')::text"
                        + " || ' ' || shobj_description('\""
                        + schema
                        + "\"'::regrole, 'pg_authid')"))
            .containsExactly("true tributary: schema role");
      }
      assertThat(SchemaRoleDdlBuilder.applyRole(longName)).startsWith("tributary_apply_");
    }
  }

  private static String versionFifteen() throws IOException {
    try (InputStream in =
        ControlSchemaMigrationIT.class.getResourceAsStream("/db/tributary/V15__apply_roles.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String migration1() throws IOException {
    try (InputStream in =
        ControlSchemaMigrationIT.class.getResourceAsStream(
            "/db/tributary/V1__control_schema.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The file's statements (it has no semicolons inside statements), comments left out. */
  private static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n", -1)) {
      if (line.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        out.add(current.toString().strip().replaceAll(";$", ""));
        current.setLength(0);
      }
    }
    return out;
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * The versions {@code from} .. {@link ControlSchema#REQUIRED_VERSION}, as Flyway records them.
   */
  private static List<String> versions(int from) {
    List<String> out = new ArrayList<>();
    for (int v = from; v <= ControlSchema.REQUIRED_VERSION; v++) {
      out.add(Integer.toString(v));
    }
    return out;
  }
}
