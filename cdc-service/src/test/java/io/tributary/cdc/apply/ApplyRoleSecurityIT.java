package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourceInfo;
import io.tributary.testing.ServiceProcess;
import io.tributary.testing.SqliteMigrationFixtures;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 47, H1: apply writes a schema's rows as that schema's apply role ({@link ApplyRole}), never
 * as Tributary's own. A column default evaluated by apply's inserts names the role that wrote the
 * row; a default that reads the control schema — one the plan's allow-list would refuse, put on the
 * table by hand here to try the second wall — is refused by PostgreSQL, and its rows are kept as
 * rejects with the reason, the control schema's source URLs never copied into the table.
 */
@ExtendWith(TributaryInfraExtension.class)
class ApplyRoleSecurityIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int ROWS = 20;

  @Test
  @DisplayName(
      "Rows are written as <schema>_apply; a default that reads the control schema is refused and"
          + " its rows rejected, nothing of tributary.sources copied")
  void applyWritesAsTheSchemasApplyRole(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("applyrole");
    String jdbcUrl = infra.jdbcUrl(database);
    Path dir = Files.createTempDirectory("apply-role");
    Path file = dir.resolve("app.db");
    Path leaky = dir.resolve("leaky.db");
    for (Path f : List.of(file, leaky)) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f);
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      }
    }
    List<TableDef> tables =
        SqliteMigrationFixtures.recordSqliteMigration(jdbcUrl, "roles", "app", "app", file);
    List<TableDef> leakyTables =
        SqliteMigrationFixtures.recordSqliteMigration(jdbcUrl, "leaky", "leaky", "leaky", leaky);
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE app.items ADD COLUMN written_by text DEFAULT current_user");
      st.execute(
          "ALTER TABLE leaky.items ADD COLUMN leak text DEFAULT query_to_xml('SELECT location"
              + " FROM tributary.sources', true, true, '')::text");
    }
    String topic = tables.get(0).topic();
    String leakyTopic = leakyTables.get(0).topic();
    try (FilledTopic filled = new FilledTopic(infra.kafkaBootstrapServers(), topic)) {
      publish(filled, "roles.app");
    }
    try (FilledTopic filled = new FilledTopic(infra.kafkaBootstrapServers(), leakyTopic)) {
      publish(filled, "leaky.leaky");
    }

    try (ServiceProcess cdc = FilledTopic.applyOnly(infra, database, "apply-role-cdc.log")) {
      cdc.start();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  FilledTopic.nextOffset(jdbcUrl, topic) == ROWS
                      && FilledTopic.nextOffset(jdbcUrl, leakyTopic) == ROWS);
      try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
          Statement st = c.createStatement()) {
        assertThat(rows(st, "SELECT written_by, count(*) FROM app.items GROUP BY 1"))
            .containsExactly("app_apply " + ROWS);
        assertThat(rows(st, "SELECT count(*) FROM leaky.items")).containsExactly("0");
        assertThat(
                rows(
                    st,
                    "SELECT count(*) FROM tributary.rejects WHERE topic = '"
                        + leakyTopic
                        + "' AND reason LIKE '%permission denied for schema tributary%'"))
            .containsExactly(Integer.toString(ROWS));
        assertThat(rows(st, "SELECT count(*) FROM tributary.rejects WHERE topic = '" + topic + "'"))
            .containsExactly("0");
        // the apply role reaches nothing else: the control schema, files, another schema
        st.execute("SET ROLE app_apply");
        for (String forbidden :
            List.of(
                "SELECT count(*) FROM tributary.sources",
                "SELECT pg_read_file('/etc/hostname')",
                "SELECT count(*) FROM leaky.items",
                "CREATE TABLE app.more (id int)")) {
          try {
            st.execute(forbidden);
            throw new AssertionError("app_apply could run: " + forbidden);
          } catch (SQLException e) {
            assertThat(e.getSQLState()).as(forbidden).isEqualTo("42501");
          }
        }
        st.execute("RESET ROLE");
      }
    }
  }

  private static void publish(FilledTopic filled, String server) throws Exception {
    for (int i = 1; i <= ROWS; i++) {
      SourceInfo source =
          new SourceInfo("sqlite", server, "app.db", "main", "items", "false", i, 0);
      filled.send(key(i), ChangeEvent.insert(key(i).put("name", "item " + i), source, 0));
    }
  }

  private static List<String> rows(Statement st, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          values.add(rs.getString(i));
        }
        out.add(String.join(" ", values));
      }
    }
    return out;
  }

  private static ObjectNode key(int id) {
    return ChangeEventCodec.MAPPER.createObjectNode().put("id", id);
  }
}
