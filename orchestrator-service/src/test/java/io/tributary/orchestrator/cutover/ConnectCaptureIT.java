package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SQLite connector as a Kafka Connect plugin: a worker in distributed mode, started from
 * Maven's jars with the plugin directory {@code mvn package} made, runs the capture of a
 * migration's SQLite source, while cdc-service only applies (capture off). The migration snapshots,
 * streams, fences and cuts over as when cdc-service captures: the connector reads the source from
 * the control schema, holds its capture lease, records snapshot progress and fence offsets, writes
 * the cutover's fences into the file; after the cutover it removes the change capture from the
 * file.
 */
@QuarkusTest
@WithTestResource(
    value = TributaryTestResource.class,
    initArgs = @ResourceArg(name = TributaryTestResource.PREFIX_ARG, value = "connect"))
@WithTestResource(SqliteSourcesTestResource.class)
class ConnectCaptureIT {
  private static final Duration WAIT = Duration.ofMinutes(3);

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @Test
  @DisplayName(
      "A Connect worker captures a SQLite source: snapshot, streaming, fences and cutover, every"
          + " row in the target, the change capture removed after")
  void captureOnAConnectWorker() throws Exception {
    // cdc-service applies only: the capture runs on the worker
    CutoverServices.ensure(database, Map.of("TRIBUTARY_CAPTURE_ENABLED", "false"));
    String migration = "conn-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path dir = SqliteSourcesTestResource.newDirectory("connect-").toAbsolutePath();
    Path file = dir.resolve("notes.db");
    NotesFiles.create(file, 800);
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: notes-app
            kind: sqlite
            path: %s
            schema: %s
        cutover:
          timeouts: { drain: 30s, validate: 60s }
          actions:
            - env-file: { path: %s }
        """
            .formatted(migration, file, schema, dir.resolve("notes-app.env")));

    try (ConnectWorker worker =
        ConnectWorker.start(kafka, "connect-it-" + migration, dir.resolve("worker"))) {
      Map<String, String> connector = new HashMap<>();
      // the worker's converters are JSON: the connector's records go out as they are
      connector.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
      connector.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
      connector.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
      connector.put("connector.class", "io.tributary.connect.sqlite.ConnectSqliteSourceConnector");
      connector.put("tasks.max", "1");
      connector.put("tributary.migration", migration);
      connector.put("tributary.source", "notes-app");
      connector.put("tributary.control.url", jdbcUrl);
      connector.put("tributary.control.user", user);
      connector.put("tributary.control.password", password);
      connector.put("kafka.bootstrap.servers", kafka);
      connector.put("lease.duration.ms", "6000");
      connector.put("lease.renew.ms", "2000");
      worker.putConnector(migration, connector);
      await()
          .atMost(WAIT)
          .until(() -> worker.states(migration).equals(List.of("RUNNING", "RUNNING")));

      CutoverApi.awaitState(migration, "REPLICATING", WAIT);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  NotesFiles.targetRows(jdbcUrl, user, password, schema)
                      .equals(NotesFiles.sourceRows(file)));
      assertThat(leaseHolder(migration)).startsWith("connect:");

      // streaming
      NotesFiles.execute(
          file,
          "INSERT INTO notes SELECT 5000 + i, 'later ' || i FROM"
              + " (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)"
              + " SELECT i FROM n)",
          "UPDATE notes SET body = 'edited' WHERE id = 3",
          "DELETE FROM notes WHERE id = 4");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  NotesFiles.targetRows(jdbcUrl, user, password, schema)
                      .equals(NotesFiles.sourceRows(file)));
      assertThat(NotesFiles.targetRows(jdbcUrl, user, password, schema))
          .hasSize(859)
          .containsEntry(3L, "edited")
          .doesNotContainKey(4L);

      // the cutover: its fences go through the worker's capture
      long cutover = CutoverApi.cutover(migration, "capture on Kafka Connect");
      JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
      assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
      assertThat(result.getLong("id")).isEqualTo(cutover);
      assertThat(result.getList("steps.step", String.class))
          .containsExactly("prepare", "freeze", "fence", "drain", "validate", "finalize", "switch");
      assertThat(NotesFiles.targetRows(jdbcUrl, user, password, schema))
          .isEqualTo(NotesFiles.sourceRows(file));
      assertThat(fencesPublished(migration)).as("fences published by the worker").isPositive();

      // the migration ended: the connector removes the change capture and gives the lease up
      await().atMost(WAIT).until(() -> captureRemoved(migration));
      assertThat(leaseHolder(migration)).isNull();
      assertThat(Files.readString(worker.log())).contains("removed the change capture of");
    }
  }

  private String leaseHolder(String migration) throws SQLException {
    return scalar("SELECT holder FROM tributary.capture_leases WHERE migration_id = ?", migration);
  }

  private boolean captureRemoved(String migration) throws SQLException {
    return "t"
        .equals(
            scalar(
                "SELECT (capture_removed_at IS NOT NULL)::text::char FROM tributary.sources"
                    + " WHERE migration_id = ?",
                migration));
  }

  private long fencesPublished(String migration) throws SQLException {
    return Long.parseLong(
        scalar(
            "SELECT count(*)::text FROM tributary.fences WHERE migration_id = ?"
                + " AND published_at IS NOT NULL",
            migration));
  }

  private String scalar(String sql, String arg) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, arg);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
