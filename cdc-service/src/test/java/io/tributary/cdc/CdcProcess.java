package io.tributary.cdc;

import static org.awaitility.Awaitility.await;

import io.tributary.testing.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged cdc-service ({@code target/quarkus-app/quarkus-run.jar}) as a child process, so a
 * test can kill it with SIGKILL and start it again, as an operator's machine would.
 */
final class CdcProcess implements AutoCloseable {
  private final Path log;
  private final Map<String, String> environment;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  CdcProcess(TestInfrastructure infra, String database, Path log, Map<String, String> extra)
      throws IOException {
    this.log = log;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
    this.environment =
        new java.util.HashMap<>(
            Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_DATASOURCE_REACTIVE_URL", infra.reactiveUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", infra.postgresUser(),
                "QUARKUS_DATASOURCE_PASSWORD", infra.postgresPassword(),
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers()));
    this.environment.putAll(extra);
  }

  /** Starts the service and waits until it is ready. */
  void start() throws IOException {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no " + jar + ": run the IT through `mvn verify` (after package)");
    }
    ProcessBuilder builder =
        new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    process = builder.start();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "cdc-service exited with " + process.exitValue() + "; see " + log);
              }
              return status("/q/health/ready") == 200;
            });
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** GET on the service; the status code, or -1 when it does not answer. */
  int status(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The body of GET /cdc/status. */
  String cdcStatus() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cdc/status")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
