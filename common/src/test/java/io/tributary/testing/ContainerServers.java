package io.tributary.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL with pgvector and Kafka as Testcontainers, for hosts with a Docker engine. The
 * containers live as long as the JVM (Testcontainers' Ryuk removes them afterwards).
 *
 * <p>All Testcontainers references are confined to this class, so that the local path works even
 * when Testcontainers is not on the classpath.
 */
final class ContainerServers {

  static final String POSTGRES_IMAGE = "pgvector/pgvector:pg15";
  static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

  private static final Logger LOG = LoggerFactory.getLogger(ContainerServers.class);

  private ContainerServers() {}

  /** Whether a Docker engine answers. */
  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /** Starts {@value #POSTGRES_IMAGE} with logical decoding enabled. */
  static PostgresEndpoint startPostgres() {
    long started = System.nanoTime();
    DockerImageName image =
        DockerImageName.parse(POSTGRES_IMAGE).asCompatibleSubstituteFor("postgres");
    @SuppressWarnings("resource") // lives as long as the JVM
    PostgreSQLContainer<?> container =
        new PostgreSQLContainer<>(image)
            .withDatabaseName("postgres")
            .withUsername(LocalPostgres.USER)
            .withPassword(LocalPostgres.PASSWORD)
            .withCommand(PostgresSettings.containerCommand());
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
    PostgresEndpoint endpoint =
        new PostgresEndpoint(
            container.getHost(),
            container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
            container.getUsername(),
            container.getPassword());
    LOG.info(
        "PostgreSQL container {} started on {} in {} ms",
        POSTGRES_IMAGE,
        endpoint,
        (System.nanoTime() - started) / 1_000_000);
    return endpoint;
  }

  /** Starts {@value #KAFKA_IMAGE} (single KRaft node) and returns its bootstrap servers. */
  static String startKafka() {
    long started = System.nanoTime();
    @SuppressWarnings("resource") // lives as long as the JVM
    KafkaContainer container =
        new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
            .withEnv("KAFKA_NUM_PARTITIONS", "1")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
    LOG.info(
        "Kafka container {} started on {} in {} ms",
        KAFKA_IMAGE,
        container.getBootstrapServers(),
        (System.nanoTime() - started) / 1_000_000);
    return container.getBootstrapServers();
  }
}
