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
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Apply's staged path ({@link StagedChangeWriter}) on a real target: a topic filled beforehand with
 * 20,000 inserts, then 2,000 updates and 1,000 deletes, goes in by large batches through staging
 * tables; one insert breaks a CHECK constraint of the target table. That row alone is rejected,
 * with PostgreSQL's reason, every other change is applied, and the offsets are stored once, at the
 * topic's end.
 */
@ExtendWith(TributaryInfraExtension.class)
class StagedApplyIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int INSERTS = 20_000;
  private static final int UPDATES = 2_000;
  private static final int DELETES = 1_000;
  private static final int REFUSED = 7_777;

  @Test
  @DisplayName(
      "A large batch goes in through staging tables; a row the target refuses is rejected alone,"
          + " with its reason")
  void stagesLargeBatchesAndRejectsTheRowTheTargetRefuses(TestInfrastructure infra)
      throws Exception {
    String database = infra.createTargetDatabase("staged");
    String jdbcUrl = infra.jdbcUrl(database);
    Path file = Files.createTempDirectory("staged-apply").resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, price REAL)");
    }
    List<TableDef> tables =
        SqliteMigrationFixtures.recordSqliteMigration(jdbcUrl, "staged", "app", "app", file);
    String topic = tables.get(0).topic();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE app.items ADD CONSTRAINT qty_small CHECK (qty < 1000000)");
    }
    publish(infra.kafkaBootstrapServers(), topic);

    try (ServiceProcess cdc = FilledTopic.applyOnly(infra, database, "staged-apply-cdc.log")) {
      cdc.start();
      long total = INSERTS + UPDATES + DELETES;
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> FilledTopic.nextOffset(jdbcUrl, topic) == total);
      try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT count(*), sum(qty), min(id) FROM app.items")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(INSERTS - DELETES - 1);
          // qty = id, the updated ones (ids 1 001 to 3 000) id + 1; ids 1 to 1 000 deleted
          long ids = (long) INSERTS * (INSERTS + 1) / 2 - (long) DELETES * (DELETES + 1) / 2;
          assertThat(rs.getLong(2)).isEqualTo(ids - REFUSED + UPDATES);
          assertThat(rs.getLong(3)).isEqualTo(DELETES + 1);
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT kafka_offset, reason FROM tributary.rejects WHERE topic = '"
                    + topic
                    + "'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(REFUSED - 1);
          assertThat(rs.getString(2))
              .startsWith("PostgreSQL refused the row (23514)")
              .contains("qty_small");
          assertThat(rs.next()).as("one reject only").isFalse();
        }
      }
      assertThat(Files.readString(Path.of("target", "staged-apply-cdc.log")))
          .as("the batch went the staged way first")
          .contains("A staged write failed with 23514");
    }
  }

  /**
   * Inserts of ids 1..INSERTS (qty = id; id REFUSED with a qty the CHECK refuses), updates of ids
   * DELETES+1..DELETES+UPDATES (qty = id + 1), deletes of ids 1..DELETES.
   */
  private static void publish(String bootstrap, String topic) throws Exception {
    try (FilledTopic filled = new FilledTopic(bootstrap, topic)) {
      long pos = 0;
      for (int i = 1; i <= INSERTS + UPDATES + DELETES; i++) {
        SourceInfo source =
            new SourceInfo("sqlite", "staged.app", "app.db", "main", "items", "false", ++pos, 0);
        if (i <= INSERTS) {
          filled.send(key(i), ChangeEvent.insert(row(i, i == REFUSED ? 5_000_000 : i), source, 0));
        } else if (i <= INSERTS + UPDATES) {
          int id = i - INSERTS + DELETES;
          filled.send(key(id), ChangeEvent.update(null, row(id, id + 1), source, 0));
        } else {
          int id = i - INSERTS - UPDATES;
          filled.send(key(id), ChangeEvent.delete(key(id), source, 0));
        }
      }
    }
  }

  private static ObjectNode row(int id, int qty) {
    return key(id).put("name", "item " + id).put("qty", qty).put("price", id * 0.25);
  }

  private static ObjectNode key(int id) {
    return ChangeEventCodec.MAPPER.createObjectNode().put("id", id);
  }
}
