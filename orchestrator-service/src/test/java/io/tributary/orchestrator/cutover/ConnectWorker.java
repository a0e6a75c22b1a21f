package io.tributary.orchestrator.cutover;

import static org.awaitility.Awaitility.await;

import io.tributary.common.event.ChangeEventCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Kafka Connect worker in distributed mode as a child JVM: the jars {@code deploy/connect-worker}
 * copied from Maven on its classpath, Tributary's plugin directory ({@code
 * connect/target/tributary-connect-VERSION-plugin}, made by {@code mvn package}) as its plugin
 * path, so the connector is loaded the way a Connect cluster loads it, in a class loader of its
 * own. It halts when this JVM is gone (its standard input closes). Output: {@code log}.
 */
final class ConnectWorker implements AutoCloseable {
  private final Process process;
  private final OutputStream lifeline;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private ConnectWorker(Process process, int port, Path log) {
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a worker of group {@code group} on the brokers {@code bootstrap} and waits until its
   * REST API lists Tributary's connector among its plugins.
   */
  static ConnectWorker start(String bootstrap, String group, Path dir) throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path libs = root.resolve("deploy/connect-worker/target/libs");
    Path workerJar;
    Path plugin;
    try (Stream<Path> jars = Files.list(root.resolve("deploy/connect-worker/target"));
        Stream<Path> plugins = Files.list(root.resolve("connect/target"))) {
      workerJar =
          jars.filter(p -> p.getFileName().toString().matches("tributary-connect-worker-.*\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("package deploy/connect-worker first"));
      plugin =
          plugins
              .filter(p -> Files.isDirectory(p) && p.getFileName().toString().endsWith("-plugin"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("package connect first"));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(dir);
    Properties worker = new Properties();
    worker.setProperty("bootstrap.servers", bootstrap);
    worker.setProperty("group.id", group);
    worker.setProperty("config.storage.topic", group + "-configs");
    worker.setProperty("offset.storage.topic", group + "-offsets");
    worker.setProperty("status.storage.topic", group + "-status");
    worker.setProperty("config.storage.replication.factor", "1");
    worker.setProperty("offset.storage.replication.factor", "1");
    worker.setProperty("status.storage.replication.factor", "1");
    worker.setProperty("offset.storage.partitions", "1");
    worker.setProperty("status.storage.partitions", "1");
    // the worker's defaults, as a cluster's often are: the connector must override them
    worker.setProperty("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.setProperty("offset.flush.interval.ms", "1000");
    worker.setProperty("listeners", "http://127.0.0.1:" + port);
    worker.setProperty("rest.advertised.host.name", "127.0.0.1");
    worker.setProperty("rest.advertised.port", Integer.toString(port));
    worker.setProperty("plugin.path", plugin.toString());
    Path properties = dir.resolve("worker.properties");
    try (OutputStream out = Files.newOutputStream(properties)) {
      worker.store(out, "Kafka Connect worker of a Tributary test");
    }
    Path log = dir.resolve("connect-worker.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common=warn",
                "-Dorg.slf4j.simpleLogger.log.org.reflections=warn",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "io.tributary.connectworker.ConnectWorkerMain",
                properties.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("CLASSPATH", workerJar + ":" + libs + "/*");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    ConnectWorker started = new ConnectWorker(builder.start(), port, log);
    Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!started.process.isAlive()) {
                throw new IllegalStateException(
                    "the Connect worker exited with "
                        + started.process.exitValue()
                        + "; see "
                        + log);
              }
              try {
                return started.get("/connector-plugins").contains("ConnectSqliteSourceConnector");
              } catch (IOException e) {
                return false; // not listening yet
              }
            });
    return started;
  }

  Path log() {
    return log;
  }

  /** Creates a connector ({@code PUT /connectors/{name}/config}); the response body. */
  String putConnector(String name, Map<String, String> config)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url() + "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        ChangeEventCodec.MAPPER.writeValueAsString(config)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "PUT connector " + name + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /** The states of the connector and of its tasks ({@code RUNNING}, {@code FAILED}, ...). */
  List<String> states(String name) throws IOException, InterruptedException {
    var status = ChangeEventCodec.MAPPER.readTree(get("/connectors/" + name + "/status"));
    if (status.path("connector").isMissingNode()) {
      return List.of();
    }
    List<String> states = new ArrayList<>();
    states.add(status.path("connector").path("state").asText());
    status
        .path("tasks")
        .forEach(t -> states.add(t.path("state").asText() + t.path("trace").asText("")));
    return states;
  }

  String get(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      lifeline.close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
