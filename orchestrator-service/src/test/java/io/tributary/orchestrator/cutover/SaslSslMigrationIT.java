package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import io.tributary.common.kafka.KafkaAdmins;
import io.tributary.common.kafka.KafkaSettings;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A migration through a Kafka that needs TLS and SASL: the broker's only client listener is
 * SASL_SSL (SCRAM-SHA-512, a certificate for 127.0.0.1 checked by host name). The orchestrator
 * under test and its cdc-service and validator-service children get the same {@code kafka.*}
 * settings; a SQLite source snapshots, streams, validates and cuts over, every row in the target.
 */
@QuarkusTest
@WithTestResource(
    value = TributaryTestResource.class,
    initArgs = @ResourceArg(name = TributaryTestResource.KAFKA_ARG, value = "sasl_ssl"))
@WithTestResource(SqliteSourcesTestResource.class)
class SaslSslMigrationIT {
  private static final Duration WAIT = Duration.ofMinutes(3);

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  @Test
  @DisplayName(
      "Snapshot, streaming, validation and cutover through a SASL_SSL-only Kafka: every row arrives")
  void migrationThroughSaslSsl() throws Exception {
    assertThat(kafka).containsEntry("security.protocol", "SASL_SSL");
    CutoverServices.ensure(database, CutoverServices.kafkaEnvironment(kafka));
    String migration = "sasl-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path dir = SqliteSourcesTestResource.newDirectory("sasl-").toAbsolutePath();
    Path file = dir.resolve("notes.db");
    NotesFiles.create(file, 500);
    Path envFile = dir.resolve("notes-app.env");
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
            .formatted(migration, file, schema, envFile));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);
    await()
        .atMost(WAIT)
        .until(
            () ->
                NotesFiles.targetRows(jdbcUrl, user, password, schema)
                    .equals(NotesFiles.sourceRows(file)));

    // streaming: inserts, an update and a delete reach the target
    NotesFiles.execute(
        file,
        "INSERT INTO notes SELECT 1000 + i, 'later ' || i FROM"
            + " (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
            + " SELECT i FROM n)",
        "UPDATE notes SET body = 'edited' WHERE id = 7",
        "DELETE FROM notes WHERE id = 8");
    await()
        .atMost(WAIT)
        .until(
            () ->
                NotesFiles.targetRows(jdbcUrl, user, password, schema)
                    .equals(NotesFiles.sourceRows(file)));
    assertThat(NotesFiles.targetRows(jdbcUrl, user, password, schema))
        .hasSize(539)
        .containsEntry(7L, "edited")
        .doesNotContainKey(8L);

    long cutover = CutoverApi.cutover(migration, "through SASL_SSL");
    JsonPath result = CutoverApi.awaitOutcome(migration, WAIT);
    assertThat(result.getString("outcome")).as(result.prettify()).isEqualTo("cut_over");
    assertThat(result.getLong("id")).isEqualTo(cutover);
    assertThat(result.getList("steps.step", String.class))
        .containsExactly("prepare", "freeze", "fence", "drain", "validate", "finalize", "switch");
    assertThat(NotesFiles.targetRows(jdbcUrl, user, password, schema))
        .isEqualTo(NotesFiles.sourceRows(file));
    assertThat(Files.readString(envFile)).contains("PGOPTIONS='-c search_path=" + schema + "'");

    // the pipeline's topics are on the secured broker (it has no other listener)
    try (Admin admin =
        KafkaAdmins.create(KafkaSettings.of(kafka), "sasl-it", Duration.ofSeconds(20))) {
      Set<String> topics = admin.listTopics().names().get(20, TimeUnit.SECONDS);
      assertThat(topics).anyMatch(topic -> topic.contains(migration));
    }
  }
}
