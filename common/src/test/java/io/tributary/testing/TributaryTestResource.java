package io.tributary.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quarkus test resource that points the application at the {@link TestInfrastructure}: a fresh
 * database (with pgvector) for each start of the resource, and the shared Kafka broker. Dev
 * services are switched off.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(TributaryTestResource.class)
 * class MyResourceTest { ... }
 * }</pre>
 *
 * <p>Besides the Quarkus settings it provides {@value #JDBC_URL} (JDBC URL of the database, for
 * assertions with plain JDBC) and {@value #DATABASE} (its name). The init argument {@value
 * #PREFIX_ARG} sets the prefix of the database name (default {@code quarkus}); {@value
 * #KAFKA_ARG}{@code =sasl_ssl} gives the application a Kafka broker of its own whose only client
 * listener is SASL_SSL ({@link LocalKafka#startSecured()}), with every {@code kafka.*} setting a
 * client needs.
 */
public class TributaryTestResource implements QuarkusTestResourceLifecycleManager {

  /** Configuration key of the JDBC URL of the test database. */
  public static final String JDBC_URL = "tributary.test.jdbc-url";

  /** Configuration key of the name of the test database. */
  public static final String DATABASE = "tributary.test.database";

  /** Init argument: prefix of the database name. */
  public static final String PREFIX_ARG = "database-prefix";

  /** Init argument: {@code sasl_ssl} for a broker of its own that needs TLS and SASL. */
  public static final String KAFKA_ARG = "kafka";

  private String prefix = "quarkus";
  private boolean secured;
  private LocalKafka securedKafka;

  @Override
  public void init(Map<String, String> initArgs) {
    prefix = initArgs.getOrDefault(PREFIX_ARG, prefix);
    String kafka = initArgs.getOrDefault(KAFKA_ARG, "shared");
    if (!kafka.equals("shared") && !kafka.equals("sasl_ssl")) {
      throw new IllegalArgumentException(KAFKA_ARG + " is 'shared' or 'sasl_ssl', not " + kafka);
    }
    secured = kafka.equals("sasl_ssl");
  }

  @Override
  public Map<String, String> start() {
    TestInfrastructure infra = TestInfrastructure.get();
    String database = infra.createTargetDatabase(prefix);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.datasource.reactive.url", infra.reactiveUrl(database));
    config.put("quarkus.datasource.username", infra.postgresUser());
    config.put("quarkus.datasource.password", infra.postgresPassword());
    if (secured) {
      securedKafka = LocalKafka.startSecured();
      securedKafka.clientSettings().forEach((key, value) -> config.put("kafka." + key, value));
    } else {
      config.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
    }
    config.put("quarkus.devservices.enabled", "false");
    config.put("quarkus.datasource.devservices.enabled", "false");
    config.put("quarkus.kafka.devservices.enabled", "false");
    config.put(JDBC_URL, infra.jdbcUrl(database));
    config.put(DATABASE, database);
    // One Kafka broker serves every test of the JVM: each database gets its own apply consumer
    // group, or apps of different tests would split (and skip) each other's partitions.
    config.put("tributary.apply.group-id", "tributary-apply-" + database);
    return config;
  }

  @Override
  public void stop() {
    // The database stays: the whole server is thrown away when the JVM exits.
    if (securedKafka != null) {
      securedKafka.stop();
      securedKafka = null;
    }
  }
}
