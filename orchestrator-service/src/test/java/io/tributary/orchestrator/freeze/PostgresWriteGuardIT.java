package io.tributary.orchestrator.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.source.spi.freeze.RoleFreeze;
import io.tributary.testing.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The freeze's write guard on a PostgreSQL source (issue 47, M6) with a URL user that is not a
 * superuser, as a real capture user is: what read-only roles alone let through is refused, the
 * write-back's session passes, and the undo leaves nothing behind.
 */
class PostgresWriteGuardIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String MESSAGE = "frozen: the data moved to the target";

  private final PostgresRoleFreezer freezer = new PostgresRoleFreezer();
  private TestInfrastructure infra;
  private String database;
  private String owner;
  private String app;
  private String url;

  @BeforeEach
  void source() throws SQLException {
    infra = TestInfrastructure.get();
    database = infra.createDatabase("write_guard");
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    owner = "capture_" + suffix;
    app = "app_" + suffix;
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      // the URL's user: owns the schema and its table, may end sessions and alter roles
      st.execute("CREATE ROLE " + owner + " LOGIN CREATEROLE PASSWORD 'cap'");
      st.execute("GRANT pg_signal_backend TO " + owner);
      st.execute("CREATE SCHEMA shop AUTHORIZATION " + owner);
      st.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app'");
      st.execute("SET ROLE " + owner);
      st.execute("CREATE TABLE shop.orders (id int PRIMARY KEY, item text)");
      st.execute("INSERT INTO shop.orders VALUES (1, 'first')");
      st.execute("GRANT USAGE ON SCHEMA shop TO " + app);
      st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON shop.orders TO " + app);
      // a function that writes with its owner's rights, callable by the application
      st.execute(
          "CREATE FUNCTION shop.add_order(i int) RETURNS void LANGUAGE sql SECURITY DEFINER"
              + " AS 'INSERT INTO shop.orders VALUES (i, ''definer'')'");
      st.execute("GRANT EXECUTE ON FUNCTION shop.add_order(int) TO " + app);
      st.execute("RESET ROLE");
    }
    url =
        "postgresql://"
            + owner
            + ":cap@"
            + infra.postgresHost()
            + ":"
            + infra.postgresPort()
            + "/"
            + database;
  }

  @Test
  @DisplayName(
      "Frozen: a session that turns read-only off, a SECURITY DEFINER function and the URL's own"
          + " user are refused with the freeze's message; the write-back's session writes; the undo"
          + " drops the guard and the application writes again")
  void guardRefusesWhatReadOnlyRolesLetThrough() throws Exception {
    List<String> tables = List.of("\"shop\".\"orders\"");
    assertThat(freezer.check(url, List.of(), tables, TIMEOUT))
        .as("nothing stands in the way; the last line says what the freeze would do")
        .hasSize(1)
        .allSatisfy(line -> assertThat(line).contains("write guard would refuse every write to 1"));
    List<String> roles = freezer.resolve(url, List.of(), tables, TIMEOUT);
    assertThat(roles).containsExactly(app);
    RoleFreeze.FrozenRoles frozen = freezer.freeze(url, roles, tables, MESSAGE, TIMEOUT);
    assertThat(frozen.guardedTables()).isEqualTo(1);

    try (Connection c = connect(app, "app", null);
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("INSERT INTO shop.orders VALUES (2, 'app')"))
          .hasMessageContaining("read-only transaction");
      st.execute("SET default_transaction_read_only = off");
      assertThatThrownBy(() -> st.execute("INSERT INTO shop.orders VALUES (3, 'read-only off')"))
          .hasMessageContaining(MESSAGE);
      assertThatThrownBy(() -> st.execute("SELECT shop.add_order(4)"))
          .hasMessageContaining(MESSAGE);
      // the application's role naming itself as the write-back is no write-back
      try (Connection posing = connect(app, "app", RoleFreeze.WRITE_BACK_APPLICATION);
          Statement ps = posing.createStatement()) {
        ps.execute("SET default_transaction_read_only = off");
        assertThatThrownBy(() -> ps.execute("UPDATE shop.orders SET item = 'posing'"))
            .hasMessageContaining(MESSAGE);
      }
    }
    try (Connection c = connect(owner, "cap", null);
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("DELETE FROM shop.orders")).hasMessageContaining(MESSAGE);
      assertThatThrownBy(() -> st.execute("TRUNCATE shop.orders")).hasMessageContaining(MESSAGE);
    }
    // the write-back: the URL's user, named as the write-back (it cannot set replica: no superuser)
    try (Connection c = connect(owner, "cap", RoleFreeze.WRITE_BACK_APPLICATION);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO shop.orders VALUES (5, 'written back')");
    }
    assertThat(items()).containsExactly("first", "written back");

    freezer.unfreeze(url, database, roles, TIMEOUT);
    try (Connection c = connect(app, "app", null);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO shop.orders VALUES (6, 'after the undo')");
      st.execute("SELECT shop.add_order(7)");
    }
    assertThat(items()).containsExactly("first", "written back", "after the undo", "definer");
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = 'tributary_frozen_write')"
                    + " + (SELECT count(*) FROM pg_proc WHERE proname = 'tributary_frozen_write')")) {
      rs.next();
      assertThat(rs.getLong(1)).as("guard triggers and functions left").isZero();
    }
  }

  @Test
  @DisplayName(
      "A URL user that may not put the guard on a table fails the check, naming the table and the"
          + " privileges it needs; the freeze changes nothing then")
  void guardNeedsItsPrivileges() throws Exception {
    String stranger = "stranger_" + UUID.randomUUID().toString().substring(0, 6);
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + stranger + " LOGIN CREATEROLE PASSWORD 'str'");
      st.execute("GRANT pg_signal_backend TO " + stranger);
      st.execute("GRANT USAGE ON SCHEMA shop TO " + stranger);
      st.execute("GRANT SELECT ON shop.orders TO " + stranger);
    }
    String strangerUrl = url.replace(owner + ":cap@", stranger + ":str@");
    List<String> tables = List.of("\"shop\".\"orders\"");
    List<String> found = freezer.check(strangerUrl, List.of(app), tables, TIMEOUT);
    assertThat(found.subList(0, found.size() - 1))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("cannot put the write guard on [\"shop\".\"orders\"]")
                    .contains("TRIGGER privilege"));
    assertThatThrownBy(() -> freezer.freeze(strangerUrl, List.of(app), tables, MESSAGE, TIMEOUT))
        .hasMessageContaining("could not freeze");
    try (Connection c = connect(app, "app", null);
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO shop.orders VALUES (8, 'not frozen')");
    }
  }

  private Connection connect(String user, String password, String applicationName)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    if (applicationName != null) {
      props.setProperty("ApplicationName", applicationName);
    }
    return DriverManager.getConnection(infra.jdbcUrl(database), props);
  }

  private List<String> items() throws SQLException {
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT item FROM shop.orders ORDER BY id")) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
