package io.tributary.orchestrator;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (the Debian package's {@code /usr/sbin/pgbouncer}) run as a child process for
 * ITs: a free loopback port, a work directory under {@code target/}, {@code pool_mode =
 * transaction}, plain-text auth for the test user, that user as admin. PgBouncer refuses to run as
 * root, so a root JVM runs it as the {@code postgres} OS user.
 */
public final class LocalPgBouncer implements AutoCloseable {
  /** The client and admin user (its password is the same as PostgreSQL's test superuser). */
  public static final String USER = "postgres";

  public static final String PASSWORD = "postgres";

  private static final String BINARY = "/usr/sbin/pgbouncer";

  private final Path dir;
  private final int port;
  private final Process process;

  private LocalPgBouncer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a PgBouncer with these {@code [databases]} entries and waits until it accepts
   * connections.
   *
   * @param databases name to connection string ({@code host=... port=... dbname=...})
   */
  public static LocalPgBouncer start(Map<String, String> databases) throws IOException {
    if (!Files.isExecutable(Path.of(BINARY))) {
      throw new IllegalStateException(
          BINARY + " is missing: install the pgbouncer package (deploy/local/setup.sh does)");
    }
    Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
    Path dir = Files.createTempDirectory(target, "pgbouncer-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    StringBuilder ini = new StringBuilder("[databases]\n");
    databases.forEach(
        (name, connection) -> ini.append(name).append(" = ").append(connection).append('\n'));
    ini.append(
        """

        [pgbouncer]
        listen_addr = 127.0.0.1
        listen_port = %d
        unix_socket_dir = %s
        auth_type = plain
        auth_file = %s
        admin_users = %s
        pool_mode = transaction
        default_pool_size = 20
        max_client_conn = 200
        ignore_startup_parameters = extra_float_digits
        logfile = %s
        pidfile = %s
        """
            .formatted(
                port,
                dir,
                dir.resolve("userlist.txt"),
                USER,
                dir.resolve("pgbouncer.log"),
                dir.resolve("pgbouncer.pid")));
    Files.writeString(dir.resolve("pgbouncer.ini"), ini);
    Files.writeString(dir.resolve("userlist.txt"), "\"" + USER + "\" \"" + PASSWORD + "\"\n");
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> command = new ArrayList<>();
    if (root) {
      traversable(dir);
      for (Path p : List.of(dir, dir.resolve("pgbouncer.ini"), dir.resolve("userlist.txt"))) {
        Files.setOwner(
            p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
      }
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(BINARY);
    command.add(dir.resolve("pgbouncer.ini").toString());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    LocalPgBouncer bouncer = new LocalPgBouncer(dir, port, process);
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "pgbouncer exited with "
                          + process.exitValue()
                          + ": "
                          + Files.readString(dir.resolve("stdout.log")));
                }
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                  return true;
                } catch (IOException e) {
                  return false;
                }
              });
    } catch (RuntimeException e) {
      bouncer.close();
      throw e;
    }
    return bouncer;
  }

  private static void traversable(Path dir) throws IOException {
    for (Path a = dir.getParent(); a != null; a = a.getParent()) {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(a);
      if (p.add(PosixFilePermission.OTHERS_EXECUTE)) {
        Files.setPosixFilePermissions(a, p);
      }
    }
  }

  public int port() {
    return port;
  }

  /** The admin console, as a plan's pgbouncer action names it. */
  public String adminUrl() {
    return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/pgbouncer";
  }

  /** A client URL for {@code database} (unnamed statements: transaction pooling). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
  }

  public Path configFile() {
    return dir.resolve("pgbouncer.ini");
  }

  public Path log() {
    return dir.resolve("pgbouncer.log");
  }

  @Override
  public void close() {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve("pgbouncer.pid")).trim());
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    } catch (IOException | NumberFormatException e) {
      // not started far enough to write its pid: the process below is all there is
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (!process.isAlive()) {
      return;
    }
    throw new UncheckedIOException(new IOException("pgbouncer did not stop"));
  }
}
