package io.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL 15 cluster run from the local binaries: {@code initdb} into a fresh
 * directory under {@link WorkDirectories}, started with {@code pg_ctl} on a free port of 127.0.0.1,
 * stopped ({@code -m immediate}) and deleted by a JVM shutdown hook.
 *
 * <p>When the JVM runs as root, the server runs as the OS user {@code postgres}. A small {@code sh}
 * watchdog, whose standard input this JVM holds open, stops and deletes the cluster if the JVM dies
 * without running its shutdown hooks (SIGKILL).
 *
 * <p>The binaries are taken from the system property {@code tributary.test.pg-bin} (default {@value
 * #DEFAULT_BIN}).
 */
public final class LocalPostgres {

  /** The message of the failure when the pgvector extension is missing. */
  public static final String PGVECTOR_MISSING =
      "pgvector is not installed for PostgreSQL 15: run deploy/local/setup.sh";

  static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
  static final String USER = "postgres";
  static final String PASSWORD = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final String OS_USER = "postgres";

  /** Linux limits a unix socket path to 108 bytes including the terminating NUL. */
  private static final int MAX_SOCKET_PATH = 100;

  private final Path bin;
  private final Path clusterDir;
  private final Path dataDir;
  private final Path setupLog;
  private final Path serverLog;
  private final boolean asPostgresUser;
  private final int port;
  private Process watchdog;

  private LocalPostgres(Path bin, Path clusterDir, int port) {
    this.bin = bin;
    this.clusterDir = clusterDir;
    this.dataDir = clusterDir.resolve("data");
    this.setupLog = clusterDir.resolve("setup.log");
    this.serverLog = clusterDir.resolve("postgres.log");
    this.asPostgresUser = OsAccounts.isRoot();
    this.port = port;
  }

  /**
   * Creates, starts and checks a new cluster; registers its shutdown hook.
   *
   * @throws IllegalStateException if it cannot start (the message has the end of the logs) or if
   *     pgvector is missing
   */
  public static LocalPostgres start() {
    Path bin = Path.of(System.getProperty("tributary.test.pg-bin", DEFAULT_BIN));
    if (!Files.isExecutable(bin.resolve("initdb"))) {
      throw new IllegalStateException(
          "No PostgreSQL 15 binaries in "
              + bin
              + " (set -Dtributary.test.pg-bin or install postgresql-15)");
    }
    long started = System.nanoTime();
    LocalPostgres postgres =
        new LocalPostgres(bin, WorkDirectories.createUnique("pg-"), FreePorts.pick(1)[0]);
    Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop, "local-postgres-stop"));
    try {
      postgres.initAndStart();
      postgres.checkPgvector();
    } catch (RuntimeException e) {
      postgres.stop();
      throw e;
    }
    LOG.info(
        "PostgreSQL 15 started on 127.0.0.1:{} in {} ms (cluster {})",
        postgres.port,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        postgres.clusterDir);
    return postgres;
  }

  /** Where it listens and the superuser credentials. */
  public PostgresEndpoint endpoint() {
    return new PostgresEndpoint("127.0.0.1", port, USER, PASSWORD);
  }

  /** The directory of the cluster (data, logs, socket). */
  public Path clusterDirectory() {
    return clusterDir;
  }

  private void initAndStart() {
    if (asPostgresUser) {
      OsAccounts.makeAncestorsTraversable(clusterDir);
      OsAccounts.chown(clusterDir, OS_USER);
    }
    Path passwordFile = clusterDir.resolve("pwfile");
    write(passwordFile, PASSWORD + "\n", false);
    if (asPostgresUser) {
      OsAccounts.chown(passwordFile, OS_USER);
    }
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "--pgdata=" + dataDir,
            "--username=" + USER,
            "--pwfile=" + passwordFile,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync"),
        Duration.ofSeconds(120));
    deleteQuietly(passwordFile);
    write(dataDir.resolve("postgresql.conf"), settings(), true);
    watchdog = startWatchdog();
    run(startCommand(), Duration.ofSeconds(90));
  }

  private List<String> startCommand() {
    return List.of(
        bin.resolve("pg_ctl").toString(),
        "--pgdata=" + dataDir,
        "--log=" + serverLog,
        "--wait",
        "--timeout=60",
        "start");
  }

  /**
   * Ends the server as a crash would, for the fault suite: an immediate shutdown (every backend
   * ends at once, nothing is checkpointed; the next start runs crash recovery). The cluster stays.
   */
  public synchronized void crash() {
    run(stopCommand(), Duration.ofSeconds(30));
  }

  /** Starts the server again on its cluster after {@link #crash()}, on the same port. */
  public synchronized void restart() {
    run(startCommand(), Duration.ofSeconds(90));
  }

  private String settings() {
    Path socket = clusterDir.resolve(".s.PGSQL." + port);
    String socketDirectory = clusterDir.toString();
    if (socket.toString().length() > MAX_SOCKET_PATH) {
      LOG.info("{} is too long for a unix socket; PostgreSQL listens on TCP only", socket);
      socketDirectory = "";
    }
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("# --- Tributary test settings ---");
    lines.add("listen_addresses = '127.0.0.1'");
    lines.add("port = " + port);
    lines.add("unix_socket_directories = '" + socketDirectory.replace("'", "''") + "'");
    lines.addAll(PostgresSettings.confLines());
    lines.add("");
    return String.join("\n", lines);
  }

  /** Fails with {@link #PGVECTOR_MISSING} unless the server offers the {@code vector} extension. */
  private void checkPgvector() {
    try (Connection connection = PostgresConnections.open(endpoint(), "postgres");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")) {
      rows.next();
      if (rows.getInt(1) == 0) {
        throw new IllegalStateException(PGVECTOR_MISSING);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL started but does not answer on " + endpoint() + LogTail.of(serverLog), e);
    }
  }

  /**
   * A shell that waits for EOF on its standard input (this JVM is gone), then stops the server and
   * deletes the cluster. The shutdown hook kills it before doing the same itself.
   */
  private Process startWatchdog() {
    String script =
        "trap '' INT HUP; cat >/dev/null 2>&1; "
            + shellWords(command(stopCommand()))
            + " >/dev/null 2>&1; rm -rf -- "
            + shellWords(List.of(clusterDir.toString()));
    try {
      return new ProcessBuilder("sh", "-c", script)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the PostgreSQL watchdog shell", e);
    }
  }

  /** Stops the server at once and deletes the cluster; idempotent, never throws. */
  synchronized void stop() {
    if (watchdog != null) {
      watchdog.destroy();
      watchdog = null;
    }
    if (Files.exists(dataDir.resolve("postmaster.pid"))) {
      try {
        run(stopCommand(), Duration.ofSeconds(30));
      } catch (RuntimeException e) {
        LOG.warn("Could not stop PostgreSQL in {}: {}", clusterDir, e.getMessage());
      }
    }
    WorkDirectories.deleteRecursively(clusterDir);
  }

  private List<String> stopCommand() {
    return List.of(
        bin.resolve("pg_ctl").toString(),
        "--pgdata=" + dataDir,
        "--mode=immediate",
        "--wait",
        "--timeout=30",
        "stop");
  }

  private void run(List<String> command, Duration timeout) {
    long started = System.nanoTime();
    try {
      Commands.run(command(command), clusterDir, setupLog, timeout);
      LOG.debug(
          "{} took {} ms",
          Path.of(command.get(0)).getFileName(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + LogTail.of(serverLog), e);
    }
  }

  private List<String> command(List<String> command) {
    return asPostgresUser ? Commands.asUser(OS_USER, command) : new ArrayList<>(command);
  }

  private static String shellWords(List<String> words) {
    return words.stream()
        .map(word -> "'" + word.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }

  private static void write(Path file, String text, boolean append) {
    try {
      if (append) {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } else {
        Files.writeString(file, text, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("Could not delete {}: {}", file, e.toString());
    }
  }

  @Override
  public String toString() {
    return "LocalPostgres[" + endpoint() + ", " + clusterDir + "]";
  }
}
