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
 * Apply alone (the packaged cdc-service with capture off) against a topic filled beforehand: how
 * fast it writes 200,000 change events (150,000 inserts, then 50,000 updates) into the target, from
 * its first committed batch to its last, and that it records the highest source position it applied
 * next to its offsets. The rate is logged ({@code Apply throughput: ...}) to compare versions of
 * apply on the same machine.
 */
@ExtendWith(TributaryInfraExtension.class)
class ApplyThroughputIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int INSERTS = 150_000;
  private static final int UPDATES = 50_000;

  @Test
  @DisplayName(
      "Apply writes a filled topic at its full rate and keeps the highest source position it"
          + " applied with its offsets")
  void appliesAFilledTopic(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("applyrate");
    String jdbcUrl = infra.jdbcUrl(database);
    Path file = Files.createTempDirectory("apply-rate").resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, price REAL)");
    }
    List<TableDef> tables =
        SqliteMigrationFixtures.recordSqliteMigration(jdbcUrl, "applyrate", "app", "app", file);
    String topic = tables.get(0).topic();
    publish(infra.kafkaBootstrapServers(), topic);

    try (ServiceProcess cdc = FilledTopic.applyOnly(infra, database, "apply-throughput-cdc.log")) {
      cdc.start();
      long total = INSERTS + UPDATES;
      long[] first = new long[2]; // offset and time of the first committed batch
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                long next = FilledTopic.nextOffset(jdbcUrl, topic);
                if (next > 0 && first[1] == 0) {
                  first[0] = next;
                  first[1] = System.nanoTime();
                }
                return next == total;
              });
      double seconds = (System.nanoTime() - first[1]) / 1e9;
      System.out.printf(
          "Apply throughput: %d events after the first batch (%d) in %.2f s: %.0f events/s%n",
          total - first[0], first[0], seconds, (total - first[0]) / seconds);
      try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT count(*), sum(qty) FROM app.items")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(INSERTS);
          // every row has qty = id, the updated ones id + 1
          long ids = (long) INSERTS * (INSERTS + 1) / 2;
          assertThat(rs.getLong(2)).isEqualTo(ids + UPDATES);
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT source_pos FROM tributary.apply_offsets WHERE topic = '" + topic + "'")) {
          rs.next();
          assertThat(rs.getLong(1)).as("the highest source position applied").isEqualTo(total);
        }
      }
    }
  }

  /** Inserts of ids 1..INSERTS (qty = id), then updates of ids 1..UPDATES (qty = id + 1). */
  private static void publish(String bootstrap, String topic) throws Exception {
    try (FilledTopic filled = new FilledTopic(bootstrap, topic)) {
      long pos = 0;
      for (int i = 1; i <= INSERTS + UPDATES; i++) {
        int id = i <= INSERTS ? i : i - INSERTS;
        boolean update = i > INSERTS;
        ObjectNode row =
            ChangeEventCodec.MAPPER
                .createObjectNode()
                .put("id", id)
                .put("name", "item " + id)
                .put("qty", update ? id + 1 : id)
                .put("price", id * 0.25);
        SourceInfo source =
            new SourceInfo("sqlite", "applyrate.app", "app.db", "main", "items", "false", ++pos, 0);
        ChangeEvent event =
            update ? ChangeEvent.update(null, row, source, 0) : ChangeEvent.insert(row, source, 0);
        filled.send(ChangeEventCodec.MAPPER.createObjectNode().put("id", id), event);
      }
    }
  }
}
