package io.tributary.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test infrastructure gives a real PostgreSQL with pgvector and a real Kafka broker. */
@ExtendWith(TributaryInfraExtension.class)
class TributaryInfrastructureIT {

  private final TestInfrastructure infra;

  TributaryInfrastructureIT(TestInfrastructure infra) {
    this.infra = infra;
  }

  @Test
  void pgvectorIsInstalledAndComputesDistances() throws SQLException {
    String database = infra.createDatabase("it_vector");
    try (Connection connection = infra.connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP EXTENSION vector");
      statement.execute("CREATE EXTENSION vector");
      try (ResultSet rows =
          statement.executeQuery("SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getDouble(1)).isEqualTo(1.0);
      }
    }
  }

  @Test
  void walLevelIsLogicalAndLogicalSlotsWork() throws SQLException {
    String database = infra.createDatabase("it_wal");
    try (Connection connection = infra.connect(database);
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SHOW wal_level")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo("logical");
      }
      statement.execute("SELECT pg_create_logical_replication_slot('it_slot', 'pgoutput')");
      statement.execute("SELECT pg_drop_replication_slot('it_slot')");
    }
  }

  @Test
  void createDatabaseGivesDistinctDatabases() throws SQLException {
    String first = infra.createDatabase("it_distinct");
    String second = infra.createDatabase("it_distinct");

    assertThat(first).isNotEqualTo(second).startsWith("it_distinct_");
    assertThat(existingDatabases()).contains(first, second);
    // the JDBC URL works with the standard driver manager, too
    try (Connection connection =
        DriverManager.getConnection(
            infra.jdbcUrl(second), infra.postgresUser(), infra.postgresPassword())) {
      assertThat(connection.getCatalog()).isEqualTo(second);
    }
  }

  @Test
  void messageProducedToNewTopicIsConsumedBack() throws Exception {
    String topic = TestInfrastructure.uniqueName("it_topic");

    Properties producerConfig = new Properties();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "the-key", "the-value")).get();
    }

    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("it_group"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
      }
      consumer.commitSync();
    }

    assertThat(received).hasSize(1);
    assertThat(received.get(0).key()).isEqualTo("the-key");
    assertThat(received.get(0).value()).isEqualTo("the-value");
  }

  @Test
  void quarkusTestResourcePointsAtAFreshDatabaseAndTheBroker() throws SQLException {
    TributaryTestResource resource = new TributaryTestResource();
    resource.init(Map.of(TributaryTestResource.PREFIX_ARG, "it_quarkus"));
    Map<String, String> config = resource.start();
    String database = config.get(TributaryTestResource.DATABASE);

    assertThat(database).startsWith("it_quarkus_");
    assertThat(config)
        .containsEntry("quarkus.datasource.reactive.url", infra.reactiveUrl(database))
        .containsEntry("quarkus.datasource.username", infra.postgresUser())
        .containsEntry("quarkus.datasource.password", infra.postgresPassword())
        .containsEntry("kafka.bootstrap.servers", infra.kafkaBootstrapServers())
        .containsEntry("quarkus.devservices.enabled", "false")
        .containsEntry(TributaryTestResource.JDBC_URL, infra.jdbcUrl(database));
    assertThat(config.get("quarkus.datasource.reactive.url"))
        .isEqualTo(
            "postgresql://" + infra.postgresHost() + ":" + infra.postgresPort() + "/" + database);
    try (Connection connection = infra.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
      assertThat(rows.next()).as("pgvector installed in %s", database).isTrue();
    }
    resource.stop();
  }

  @Test
  void getReturnsTheSameServers() {
    assertThat(TestInfrastructure.get()).isSameAs(infra);
  }

  private List<String> existingDatabases() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = infra.connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
