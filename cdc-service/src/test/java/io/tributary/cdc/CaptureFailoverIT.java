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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two cdc-service instances with capture on, as two replicas of a Deployment: one holds the
 * source's capture lease and captures, the other stands by (and applies, in the same consumer
 * group). The holder is killed with SIGKILL while a writer changes the source: the other takes the
 * capture over within 30 s (the default lease of 15 s), resumes from the offsets Kafka
 * acknowledged, and the target ends equal to the source, value for value, nothing rejected.
 */
@ExtendWith(TributaryInfraExtension.class)
class CaptureFailoverIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration LONG = Duration.ofMinutes(4);

  @Test
  @DisplayName("The capturing instance is SIGKILLed mid-stream: the other takes over, exact result")
  void standbyTakesTheCaptureOver(TestInfrastructure infra) throws Exception {
    String database = infra.createDatabase("failover");
    String jdbcUrl = infra.jdbcUrl(database);
    Path file = Files.createTempDirectory("tributary-failover").resolve("app.db");
    ConcurrentWriter.createDatabase(file, "wal", 5_000);
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, "failover", "app", "app", file);
    Path logA = Path.of("target", "failover-a.log").toAbsolutePath();
    Path logB = Path.of("target", "failover-b.log").toAbsolutePath();
    Files.deleteIfExists(logA);
    Files.deleteIfExists(logB);
    Map<String, String> common =
        Map.of(
            "TRIBUTARY_APPLY_GROUP_ID",
            "tributary-apply-" + database,
            "TRIBUTARY_CAPTURE_SUPERVISE_INTERVAL",
            "1s");
    Map<String, String> envA = new HashMap<>(common);
    envA.put("TRIBUTARY_CAPTURE_INSTANCE_ID", "instance-a");
    Map<String, String> envB = new HashMap<>(common);
    envB.put("TRIBUTARY_CAPTURE_INSTANCE_ID", "instance-b");

    try (CdcProcess a = new CdcProcess(infra, database, logA, envA);
        CdcProcess b = new CdcProcess(infra, database, logB, envB)) {
      a.start();
      await().atMost(LONG).until(() -> "instance-a".equals(holder(jdbcUrl)));
      b.start();
      await()
          .atMost(LONG)
          .until(() -> Files.readString(logB).contains("is held by instance 'instance-a'"));
      try (ConcurrentWriter writer =
          ConcurrentWriter.start(
              file, 5_000, Duration.ofMillis(4), 6_000, Duration.ofSeconds(90))) {
        await().atMost(LONG).until(() -> writer.committed() > 1_500);
        assertThat(Files.readString(logB))
            .as("the standby captured nothing while the holder lived")
            .doesNotContain("Capture of failover/app (");
        a.kill();
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(40)).until(() -> "instance-b".equals(holder(jdbcUrl)));
        await()
            .atMost(Duration.ofSeconds(40))
            .until(() -> Files.readString(logB).contains("Capture of failover/app ("));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf(
            "CaptureFailoverIT: capture taken over %d ms after the kill%n", takeover.toMillis());
        assertThat(takeover)
            .as("capture taken over within 30 s")
            .isLessThan(Duration.ofSeconds(30));
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
        assertThat(ControlFixtures.targetCount(jdbcUrl, table))
            .as("rows of %s", table.sourceTable())
            .isEqualTo(ControlFixtures.sourceCount(file, table));
      }
      assertThat(count(jdbcUrl, "SELECT count(*) FROM tributary.rejects")).isZero();
      assertThat(Files.readString(logB)).contains("Took over the capture of failover/app");
    }
  }

  private static String holder(String jdbcUrl) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT holder FROM tributary.capture_leases"
                    + " WHERE migration_id = 'failover' AND source_name = 'app'")) {
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static long count(String jdbcUrl, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
