package io.tributary.testing;

import io.tributary.common.control.ControlSchemaMigrator;
import io.tributary.common.control.TargetDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 15 with pgvector and a real Kafka 4.1 broker, started once per JVM on first
 * use: as Testcontainers when a Docker engine answers (unless {@code TRIBUTARY_TEST_LOCAL=true} or
 * {@code -Dtributary.test.local=true}), else as local processes ({@link LocalPostgres}, {@link
 * LocalKafka}). Everything is thrown away when the JVM exits.
 *
 * <p>The servers are shared by the whole JVM, even across class loaders (Quarkus loads test
 * resources in its own): the instance that starts them publishes their addresses as system
 * properties ({@code tributary.test.infra.*}), and any later {@link #get()} — in whatever class
 * loader — attaches to them. Setting those properties beforehand makes the tests use servers
 * started elsewhere.
 */
public final class TestInfrastructure {

  static final String PG_HOST = "tributary.test.infra.postgres.host";
  static final String PG_PORT = "tributary.test.infra.postgres.port";
  static final String PG_USER = "tributary.test.infra.postgres.user";
  static final String PG_PASSWORD = "tributary.test.infra.postgres.password";
  static final String KAFKA_BOOTSTRAP = "tributary.test.infra.kafka.bootstrap-servers";
  static final String FAILURE = "tributary.test.infra.failure";

  private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);

  /** Interned string literals are the same object in every class loader: a JVM-wide lock. */
  private static final Object JVM_WIDE_LOCK = "io.tributary.testing.TestInfrastructure";

  private static final AtomicLong COUNTER = new AtomicLong();
  private static final int MAX_IDENTIFIER_LENGTH = 63;

  private static volatile TestInfrastructure instance;
  // the servers this class loader started itself (local backend): the fault suite crashes them
  private static volatile LocalPostgres localPostgres;
  private static volatile LocalKafka localKafka;

  private final PostgresEndpoint postgres;
  private final String kafkaBootstrapServers;

  private TestInfrastructure(PostgresEndpoint postgres, String kafkaBootstrapServers) {
    this.postgres = postgres;
    this.kafkaBootstrapServers = kafkaBootstrapServers;
  }

  /**
   * The servers of this JVM, started on the first call (which may take several seconds).
   *
   * @throws IllegalStateException if they cannot start; later calls fail at once the same way
   */
  public static TestInfrastructure get() {
    TestInfrastructure current = instance;
    if (current != null) {
      return current;
    }
    synchronized (JVM_WIDE_LOCK) {
      if (instance == null) {
        instance = attachOrStart();
      }
      return instance;
    }
  }

  private static TestInfrastructure attachOrStart() {
    String failure = System.getProperty(FAILURE);
    if (failure != null) {
      throw new IllegalStateException(
          "The test infrastructure failed to start earlier: " + failure);
    }
    if (System.getProperty(PG_HOST) != null && System.getProperty(KAFKA_BOOTSTRAP) != null) {
      return new TestInfrastructure(
          new PostgresEndpoint(
              System.getProperty(PG_HOST),
              Integer.parseInt(System.getProperty(PG_PORT)),
              System.getProperty(PG_USER, LocalPostgres.USER),
              System.getProperty(PG_PASSWORD, LocalPostgres.PASSWORD)),
          System.getProperty(KAFKA_BOOTSTRAP));
    }
    try {
      TestInfrastructure started = start(Backend.detect());
      System.setProperty(PG_HOST, started.postgres.host());
      System.setProperty(PG_PORT, Integer.toString(started.postgres.port()));
      System.setProperty(PG_USER, started.postgres.user());
      System.setProperty(PG_PASSWORD, started.postgres.password());
      System.setProperty(KAFKA_BOOTSTRAP, started.kafkaBootstrapServers);
      return started;
    } catch (RuntimeException e) {
      System.setProperty(FAILURE, e.getMessage() == null ? e.toString() : e.getMessage());
      throw e;
    }
  }

  /** Starts both servers, Kafka (the slower) in the background while PostgreSQL starts. */
  private static TestInfrastructure start(Backend backend) {
    LOG.info("Starting the test infrastructure ({})", backend);
    CompletableFuture<String> kafka =
        CompletableFuture.supplyAsync(
            () -> {
              if (backend == Backend.CONTAINERS) {
                return ContainerServers.startKafka();
              }
              localKafka = LocalKafka.start();
              return localKafka.bootstrapServers();
            });
    PostgresEndpoint postgres;
    if (backend == Backend.CONTAINERS) {
      postgres = ContainerServers.startPostgres();
    } else {
      localPostgres = LocalPostgres.start();
      postgres = localPostgres.endpoint();
    }
    try {
      return new TestInfrastructure(postgres, kafka.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * The PostgreSQL server as a local process this JVM started, for tests that crash it (the fault
   * suite).
   *
   * @throws IllegalStateException when the servers are containers or another class loader's
   */
  public LocalPostgres localPostgres() {
    if (localPostgres == null) {
      throw new IllegalStateException(
          "PostgreSQL is not a local process of this class loader: run with"
              + " TRIBUTARY_TEST_LOCAL=true, outside @QuarkusTest");
    }
    return localPostgres;
  }

  /**
   * The Kafka broker as a local process this JVM started, for tests that kill it.
   *
   * @throws IllegalStateException when the servers are containers or another class loader's
   */
  public LocalKafka localKafka() {
    if (localKafka == null) {
      throw new IllegalStateException(
          "Kafka is not a local process of this class loader: run with TRIBUTARY_TEST_LOCAL=true,"
              + " outside @QuarkusTest");
    }
    return localKafka;
  }

  /** Host of the PostgreSQL server. */
  public String postgresHost() {
    return postgres.host();
  }

  /** Port of the PostgreSQL server. */
  public int postgresPort() {
    return postgres.port();
  }

  /** Superuser of the PostgreSQL server. */
  public String postgresUser() {
    return postgres.user();
  }

  /** Password of {@link #postgresUser()}. */
  public String postgresPassword() {
    return postgres.password();
  }

  /** Address and credentials of the PostgreSQL server. */
  public PostgresEndpoint postgres() {
    return postgres;
  }

  /** JDBC URL of a database, such as {@code jdbc:postgresql://127.0.0.1:5432/db}. */
  public String jdbcUrl(String database) {
    return postgres.jdbcUrl(database);
  }

  /** Vert.x reactive client URL of a database, such as {@code postgresql://127.0.0.1:5432/db}. */
  public String reactiveUrl(String database) {
    return postgres.reactiveUrl(database);
  }

  /**
   * A database's URL with its credentials, as a plan's PostgreSQL source {@code url} names it:
   * {@code postgresql://user:password@host:port/db}.
   */
  public String sourceUrl(String database) {
    return "postgresql://"
        + postgresUser()
        + ":"
        + postgresPassword()
        + "@"
        + postgresHost()
        + ":"
        + postgresPort()
        + "/"
        + database;
  }

  /** The {@code bootstrap.servers} of the Kafka broker. */
  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  /** A new JDBC connection, as the superuser, to a database. */
  public Connection connect(String database) throws SQLException {
    return PostgresConnections.open(postgres, database);
  }

  /**
   * Creates a new database with pgvector installed ({@code CREATE EXTENSION vector}).
   *
   * @param prefix start of its name; see {@link #uniqueName(String)}
   * @return the name of the database
   */
  public String createDatabase(String prefix) {
    String database = createEmptyDatabase(prefix);
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create extension vector in " + database + ": " + LocalPostgres.PGVECTOR_MISSING,
          e);
    }
    LOG.debug("Created database {}", database);
    return database;
  }

  /**
   * Creates a new target database: pgvector installed and the control schema migrated, as
   * orchestrator-service leaves it before the other services start.
   */
  public String createTargetDatabase(String prefix) {
    String database = createDatabase(prefix);
    ControlSchemaMigrator.migrate(targetDatabase(database));
    return database;
  }

  /** A database as a service's target, for the control schema's migrations. */
  public TargetDatabase targetDatabase(String database) {
    return new TargetDatabase(jdbcUrl(database), postgresUser(), postgresPassword());
  }

  private String createEmptyDatabase(String prefix) {
    for (int attempt = 1; ; attempt++) {
      String database = uniqueName(prefix);
      try (Connection connection = connect("postgres");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE \"" + database + "\"");
        return database;
      } catch (SQLException e) {
        // 42P04 duplicate_database: another class loader's counter produced the same name
        if (!"42P04".equals(e.getSQLState()) || attempt == 3) {
          throw new IllegalStateException("Cannot create database " + database, e);
        }
      }
    }
  }

  /**
   * A name unique in this JVM, usable unquoted as a PostgreSQL identifier or a Kafka topic: the
   * prefix lowercased (characters other than {@code a-z 0-9 _} become {@code _}), then {@code _}, a
   * counter, {@code _} and a few random characters; at most 63 characters.
   */
  public static String uniqueName(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (clean.isEmpty() || Character.isDigit(clean.charAt(0))) {
      clean = "t_" + clean;
    }
    String suffix =
        "_"
            + COUNTER.incrementAndGet()
            + "_"
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    int room = MAX_IDENTIFIER_LENGTH - suffix.length();
    return (clean.length() > room ? clean.substring(0, room) : clean) + suffix;
  }

  @Override
  public String toString() {
    return "TestInfrastructure[postgres=" + postgres + ", kafka=" + kafkaBootstrapServers + "]";
  }
}
