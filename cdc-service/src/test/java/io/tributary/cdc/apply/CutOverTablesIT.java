package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.cdc.ControlFixtures;
import io.tributary.common.catalog.TableDef;
import io.tributary.testing.TributaryTestResource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A migration that was cut over owns nothing in apply any more: a batch for its tables (a capture
 * restarted around the end of the cutover, reinstalled and snapshotting again, as the fault suite
 * saw) neither empties nor writes its target table, and still stores its offsets. The same batch
 * for a migration still replicating empties the table: only the state makes the difference.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
class CutOverTablesIT {
  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @Inject BatchWriter writer;

  @Test
  @DisplayName(
      "A reset marker of a cut-over migration empties nothing; the same marker while replicating"
          + " empties the table")
  void cutOverTablesAreLeftAlone() throws Exception {
    Path file = Files.createTempDirectory("tributary-it").resolve("ended.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT)");
    }
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, "ended", "src", "ended_src", file);
    AppliedTable items = AppliedTable.of("ended", tables.get(0));
    TopicPartition tp = new TopicPartition(tables.get(0).topic(), 0);
    execute(
        "INSERT INTO ended_src.items VALUES (1, 'written by the application after the switch'),"
            + " (2, 'also')",
        "UPDATE tributary.migrations SET state = 'CUT_OVER' WHERE id = 'ended'",
        "UPDATE tributary.sources SET snapshot_generation = 1 WHERE migration_id = 'ended'");

    BatchWriter.Written written =
        writer.write(
            new DecodedBatch(
                5,
                List.of(),
                Map.of(items, 1L),
                Map.of(tp, 0L),
                Map.of(tp, 5L),
                Map.of(),
                List.of()));

    assertThat(written.outcome()).isEqualTo(BatchWriter.Outcome.COMMITTED);
    assertThat(count("SELECT count(*) FROM ended_src.items")).isEqualTo(2);
    assertThat(
            count(
                "SELECT next_offset FROM tributary.apply_offsets WHERE topic = '"
                    + tp.topic()
                    + "'"))
        .as("the batch is acknowledged all the same")
        .isEqualTo(5);

    execute("UPDATE tributary.migrations SET state = 'REPLICATING' WHERE id = 'ended'");
    writer.write(
        new DecodedBatch(
            1, List.of(), Map.of(items, 1L), Map.of(tp, 5L), Map.of(tp, 6L), Map.of(), List.of()));
    assertThat(count("SELECT count(*) FROM ended_src.items"))
        .as("while replicating, the marker replaces the table")
        .isZero();
  }

  private void execute(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
      for (String sql : statements) {
        c.createStatement().execute(sql);
      }
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
