package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.catalog.TableDef;
import io.tributary.testing.ConcurrentWriter;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two cdc-service instances in one apply consumer group share the partitions of four-partition
 * table topics (one of them also captures) while a writer changes the source; the apply-only one is
 * killed with SIGKILL and restarted mid-stream, so partitions move between them twice. The target
 * ends equal to the source, value for value, with nothing rejected: a batch is applied once
 * whichever instance held its partition.
 */
@ExtendWith(TributaryInfraExtension.class)
class TwoApplyInstancesIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration LONG = Duration.ofMinutes(4);
  private static final Pattern ASSIGNED = Pattern.compile("Apply assigned (\\d+) partitions");

  @Test
  @DisplayName("Two apply instances in one group, one killed and restarted: the result is exact")
  void twoInstancesShareThePartitions(TestInfrastructure infra) throws Exception {
    String database = infra.createDatabase("twoapply");
    String jdbcUrl = infra.jdbcUrl(database);
    Path file = Files.createTempDirectory("tributary-two").resolve("app.db");
    ConcurrentWriter.createDatabase(file, "wal", 5_000);
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, "twoapply", "app", "app", file);
    Path logA = Path.of("target", "two-apply-a.log").toAbsolutePath();
    Path logB = Path.of("target", "two-apply-b.log").toAbsolutePath();
    Files.deleteIfExists(logA);
    Files.deleteIfExists(logB);
    Map<String, String> common =
        Map.of(
            "TRIBUTARY_APPLY_GROUP_ID", "tributary-apply-" + database,
            "TRIBUTARY_APPLY_MAX_POLL_RECORDS", "100",
            "TRIBUTARY_CAPTURE_TOPIC_PARTITIONS", "4");
    Map<String, String> applyOnly = new HashMap<>(common);
    applyOnly.put("TRIBUTARY_CAPTURE_ENABLED", "false");

    try (CdcProcess a = new CdcProcess(infra, database, logA, common);
        CdcProcess b = new CdcProcess(infra, database, logB, applyOnly)) {
      a.start();
      b.start();
      try (ConcurrentWriter writer =
          ConcurrentWriter.start(
              file, 5_000, Duration.ofMillis(4), 6_000, Duration.ofSeconds(60))) {
        await().atMost(LONG).until(() -> assigned(logB) > 0);
        await().atMost(LONG).until(() -> writer.committed() > 2_000);
        b.kill(); // its partitions go to A; what B had not committed is applied by A
        await().atMost(LONG).until(() -> writer.committed() > 4_000);
        b.start(); // and half of them come back
        assertThat(writer.awaitDone(LONG)).isTrue();
        assertThat(writer.failures()).isEmpty();
      }
      for (TableDef table : tables) {
        await()
            .atMost(LONG)
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () ->
                    assertThat(ControlFixtures.targetChecksum(jdbcUrl, table).hex())
                        .as("values of %s", table.sourceTable())
                        .isEqualTo(ControlFixtures.sourceChecksum(file, table).hex()));
      }
      assertThat(count(jdbcUrl, "SELECT count(*) FROM tributary.rejects")).isZero();
      assertThat(
              count(
                  jdbcUrl,
                  "SELECT count(*) FROM tributary.apply_offsets WHERE topic NOT LIKE '%.snapshot'"))
          .as("one stored position per partition of the four table topics")
          .isEqualTo(4L * tables.size());
      assertThat(
              count(
                  jdbcUrl,
                  "SELECT count(*) FROM tributary.apply_offsets WHERE topic LIKE '%.snapshot'"))
          .as("the positions of the snapshot topic's partitions that carried chunks")
          .isBetween(1L, 4L);
      assertThat(assigned(logA)).as("instance A applied partitions").isPositive();
      assertThat(assigned(logB)).as("instance B applied partitions").isPositive();
    }
  }

  /** The partitions an instance was last assigned, from its log (0 before any assignment). */
  private static int assigned(Path log) throws Exception {
    if (!Files.exists(log)) {
      return 0;
    }
    Matcher m = ASSIGNED.matcher(Files.readString(log));
    int last = 0;
    while (m.find()) {
      last = Integer.parseInt(m.group(1));
    }
    return last;
  }

  private static long count(String jdbcUrl, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
