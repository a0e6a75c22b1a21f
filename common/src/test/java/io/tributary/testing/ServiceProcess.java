package io.tributary.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Tributary service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as a child
 * process on a free port, pointed at a database of the {@link TestInfrastructure}: so a test can
 * run services side by side (the validator under test with a real cdc-service), and kill one with
 * SIGKILL and start it again, as an operator's machine would. The jar of another module must have
 * been packaged first (the reactor builds modules in order: run ITs through {@code mvn verify}).
 */
public class ServiceProcess implements AutoCloseable {
  private final String module;
  private final Path log;
  private final Map<String, String> environment;
  private final int port;
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    // a service must not outlive the test JVM (it would hold ports and write to a gone database)
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "service-processes-stop"));
  }

  /**
   * The operator token a service process runs with unless {@code extra} sets {@code
   * TRIBUTARY_AUTH_TOKEN}: the tests' ({@code io.tributary.auth.Operator.TOKEN}, which this module
   * cannot see). {@link #get} sends it: every call but {@code /q/*} needs it, reads included.
   */
  public static final String OPERATOR_TOKEN = "test-operator-token-7f3c9a";

  private static final String TOKEN_VARIABLE = "TRIBUTARY_AUTH_TOKEN";

  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  /**
   * @param module the service's module directory name ({@code cdc-service}, ...)
   * @param database the database of the infrastructure the service works on
   * @param log where its output goes (appended)
   * @param extra more environment variables (Quarkus reads {@code A_B_C} as {@code a.b.c})
   */
  public ServiceProcess(
      String module, TestInfrastructure infra, String database, Path log, Map<String, String> extra)
      throws IOException {
    this.module = module;
    this.log = log;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
    this.environment =
        new HashMap<>(
            Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_DATASOURCE_REACTIVE_URL", infra.reactiveUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", infra.postgresUser(),
                "QUARKUS_DATASOURCE_PASSWORD", infra.postgresPassword(),
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers()));
    this.environment.putAll(extra);
    if (!this.environment.containsKey("TRIBUTARY_AUTH_TOKEN_FILE")) {
      this.environment.putIfAbsent(TOKEN_VARIABLE, OPERATOR_TOKEN);
    }
  }

  /** The service's packaged jar, from the module under test or a sibling module. */
  public static Path jar(String module) {
    Path here = Path.of("").toAbsolutePath();
    Path dir = here.getFileName().toString().equals(module) ? here : here.resolveSibling(module);
    return dir.resolve(Path.of("target", "quarkus-app", "quarkus-run.jar"));
  }

  /** Starts the service and waits until it is ready. */
  public void start() throws IOException {
    Path jar = jar(module);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no "
              + jar
              + ": package "
              + module
              + " first (mvn -pl "
              + module
              + " package), or run the ITs through `mvn verify` from the root");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    process = builder.start();
    LIVE.add(process);
    process.onExit().thenAccept(LIVE::remove);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    module + " exited with " + process.exitValue() + "; see " + log);
              }
              return status("/q/health/ready") == 200;
            });
  }

  /** Waits for the process to end by itself (a fault point); its exit status. */
  public int awaitExit(Duration atMost) throws InterruptedException {
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(module + " did not exit within " + atMost + "; see " + log);
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** GET on the service; the status code, or -1 when it does not answer. */
  public int status(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url() + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of a GET on the service, with its operator token. */
  public String get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path));
    String token = environment.get(TOKEN_VARIABLE);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
