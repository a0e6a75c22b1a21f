package io.tributary.orchestrator.security;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 47, H1 and M3, against the running orchestrator: a plan's expression that would read the
 * control schema or a file is refused before anything is created; an expression that hides a second
 * statement behind an escaped quote is refused; a schema named like a role Tributary did not make
 * is refused, and that role gains nothing; a provisioned schema's tables belong to its owner role,
 * and its apply role can reach nothing but the schema's rows.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class PlanExpressionSecurityIT {
  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  private static ValidatableResponse postYaml(String body) {
    return given()
        .contentType("application/yaml")
        .body(body.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then();
  }

  private static String planWith(String migration, String schema, String rules) {
    return SqliteSourcesTestResource.shopPlan(migration, schema)
        + "    tables:\n      customers:\n"
        + rules;
  }

  @Test
  @DisplayName(
      "A default that copies tributary.sources with query_to_xml, or reads a file, is refused with"
          + " 400 naming the function; nothing is created")
  void expressionsThatReadTheControlSchemaOrFilesAreRefused() throws SQLException {
    postYaml(
            planWith(
                "sec-xml",
                "sec_xml",
                "        columns:\n"
                    + "          leak: { type: text, default: \"query_to_xml('select location from"
                    + " tributary.sources',true,true,'')::text\" }\n"
                    + "        checks: [ \"pg_read_file('/etc/hostname') <> ''\" ]\n"))
        .statusCode(400)
        .body("errors.size()", equalTo(2))
        .body(
            "errors.find { it.field == 'sources[0].tables.customers.columns.leak.default' }.message",
            containsString("calls query_to_xml(), which a plan's expression may not"))
        .body(
            "errors.find { it.field == 'sources[0].tables.customers.checks[0]' }.message",
            containsString("calls pg_read_file()"));
    assertThat(rows("SELECT nspname FROM pg_namespace WHERE nspname = 'sec_xml'")).isEmpty();
    assertThat(rows("SELECT id FROM tributary.migrations WHERE id = 'sec-xml'")).isEmpty();
  }

  @Test
  @DisplayName(
      "name'\\' hides no second statement, a subquery and set_config are refused: 400, nothing"
          + " created")
  void escapedQuotesSubqueriesAndRoleChangesAreRefused() throws SQLException {
    postYaml(
            planWith(
                "sec-quote",
                "sec_quote",
                "        columns:\n"
                    + "          a: { type: text, default: \"(SELECT location FROM tributary.sources"
                    + " LIMIT 1)\" }\n"
                    + "          b: { type: text, default: \"set_config('role', 'postgres', true)\" }\n"
                    + "        checks: [ \"name'\\\\' <> ''; SELECT 1\" ]\n"))
        .statusCode(400)
        .body("errors.size()", equalTo(3))
        .body(
            "errors.find { it.field == 'sources[0].tables.customers.columns.a.default' }.message",
            containsString("holds a subquery (SELECT)"))
        .body(
            "errors.find { it.field == 'sources[0].tables.customers.columns.b.default' }.message",
            containsString("calls set_config()"))
        .body(
            "errors.find { it.field == 'sources[0].tables.customers.checks[0]' }.message",
            containsString("holds a ';'"));
    assertThat(rows("SELECT nspname FROM pg_namespace WHERE nspname = 'sec_quote'")).isEmpty();
  }

  @Test
  @DisplayName(
      "A schema named like an existing role Tributary did not make is refused, naming the role;"
          + " the role owns nothing and is not granted to Tributary")
  void aSchemaNamedLikeAForeignRoleIsRefused() throws SQLException {
    execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'analyst') THEN"
            + " CREATE ROLE analyst LOGIN; END IF; END $$");
    postYaml(SqliteSourcesTestResource.shopPlan("sec-analyst", "analyst"))
        .statusCode(400)
        .body(
            "errors.find { it.field == 'sources[0].schema' }.message",
            containsString(
                "a role named 'analyst' already exists in the target cluster and was"
                    + " not made by Tributary"));
    assertThat(rows("SELECT nspname FROM pg_namespace WHERE nspname = 'analyst'")).isEmpty();
    assertThat(
            rows(
                "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                    + " WHERE r.rolname = 'analyst'"))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "A provisioned schema's tables belong to its owner role; its apply role (NOLOGIN) writes"
          + " them and reaches neither the control schema, files, nor DDL")
  void theApplyRoleReachesOnlyItsSchemasRows() throws SQLException {
    postYaml(
            planWith(
                "sec-roles",
                "sec_roles",
                "        columns:\n"
                    + "          written_by: { type: text, default: \"current_user\" }\n"))
        .statusCode(201);
    assertThat(rows("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'sec_roles'"))
        .containsExactly("sec_roles");
    assertThat(
            rows(
                "SELECT rolcanlogin::text || ' ' || shobj_description(oid, 'pg_authid')"
                    + " FROM pg_roles WHERE rolname = 'sec_roles_apply'"))
        .containsExactly("false tributary: schema role");
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SET LOCAL ROLE sec_roles_apply");
      st.execute("INSERT INTO sec_roles.customers (id, name) VALUES (424242, 'probe')");
      try (ResultSet rs =
          st.executeQuery("SELECT written_by FROM sec_roles.customers WHERE id = 424242")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("sec_roles_apply");
      }
      for (String forbidden :
          List.of(
              "SELECT count(*) FROM tributary.sources",
              "SELECT pg_read_file('/etc/hostname')",
              "ALTER TABLE sec_roles.customers ADD COLUMN evil text",
              "CREATE TABLE sec_roles.more (id int)")) {
        st.execute("SAVEPOINT probe");
        try {
          st.execute(forbidden);
          throw new AssertionError("sec_roles_apply could run: " + forbidden);
        } catch (SQLException e) {
          assertThat(e.getSQLState()).as(forbidden).isEqualTo("42501");
        }
        st.execute("ROLLBACK TO SAVEPOINT probe");
      }
      c.rollback();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
