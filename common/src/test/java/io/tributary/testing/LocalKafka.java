package io.tributary.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) running in a child JVM
 * ({@link KafkaBrokerMain}) with its data under {@link WorkDirectories}.
 *
 * <p>The child dies with this JVM: a shutdown hook stops it, and if this JVM is killed outright the
 * child halts when its standard input, held open here, reaches end-of-file. Its output goes to
 * {@code broker.log} in its directory.
 */
public final class LocalKafka {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Path dir;
  private final Path log;
  private final int brokerPort;
  private final int controllerPort;
  private final SaslSslListener secured;
  private Process process;
  private OutputStream parentLifeline;

  private LocalKafka(Path dir, int brokerPort, int controllerPort, SaslSslListener secured) {
    this.dir = dir;
    this.secured = secured;
    this.log = dir.resolve("broker.log");
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
  }

  /**
   * Starts a broker and waits until it answers; registers its shutdown hook.
   *
   * @throws IllegalStateException if it does not answer within 60 s (the message has the end of its
   *     log)
   */
  public static LocalKafka start() {
    return start(false);
  }

  /**
   * Starts a broker whose only client listener is SASL_SSL ({@link SaslSslListener}): clients need
   * {@link #clientSettings()}.
   */
  public static LocalKafka startSecured() {
    return start(true);
  }

  private static LocalKafka start(boolean secured) {
    long started = System.nanoTime();
    int[] ports = FreePorts.pick(2);
    Path dir = WorkDirectories.createUnique(secured ? "kafka-secured-" : "kafka-");
    LocalKafka kafka =
        new LocalKafka(dir, ports[0], ports[1], secured ? SaslSslListener.create(dir) : null);
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "local-kafka-stop"));
    try {
      kafka.launch();
      kafka.awaitReady();
    } catch (RuntimeException e) {
      kafka.stop();
      throw e;
    }
    LOG.info(
        "Kafka broker started on {} in {} ms (log {})",
        kafka.bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        kafka.log);
    return kafka;
  }

  /** The {@code bootstrap.servers} of the broker. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /**
   * Everything a client sets to connect: {@code bootstrap.servers}, and for a secured broker its
   * TLS and SASL settings.
   */
  public Map<String, String> clientSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    if (secured != null) {
      settings.putAll(secured.clientSettings());
    }
    return settings;
  }

  /** The broker's directory (configuration, data, log). */
  public Path directory() {
    return dir;
  }

  private void launch() {
    Path properties = dir.resolve("server.properties");
    Map<String, String> settings =
        new LinkedHashMap<>(
            KafkaBrokerProperties.of(brokerPort, controllerPort, dir.resolve("data")));
    if (secured != null) {
      settings.putAll(secured.brokerSettings(brokerPort, controllerPort));
    }
    KafkaBrokerProperties.write(settings, properties);
    List<Path> classpath = BrokerClasspath.load();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions(classpath));
    command.add(BrokerClasspath.BROKER_MAIN_CLASS);
    command.add(properties.toString());
    if (secured != null) {
      command.add(secured.scramCredential());
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // CLASSPATH rather than -cp: keeps the command line (ps, error messages) short.
    builder.environment().put("CLASSPATH", BrokerClasspath.join(classpath));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Kafka broker JVM " + command, e);
    }
    parentLifeline = process.getOutputStream();
  }

  private List<String> jvmOptions(List<Path> classpath) {
    List<String> options = new ArrayList<>();
    options.add("-Xmx192m");
    options.add("-XX:+UseSerialGC");
    options.add("-XX:TieredStopAtLevel=1");
    options.add("-Djava.awt.headless=true");
    options.add("-Dkafka.logs.dir=" + dir);
    // Several SLF4J providers may be on the test classpath: pick slf4j-simple, which writes to
    // standard error, i.e. broker.log. System properties beat any simplelogger.properties.
    if (classpath.stream().anyMatch(p -> p.getFileName().toString().startsWith("slf4j-simple"))) {
      options.add("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider");
      options.add("-Dorg.slf4j.simpleLogger.logFile=System.err");
      options.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
      options.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info");
      options.add("-Dorg.slf4j.simpleLogger.log.kafka=info");
      options.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
      options.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
    }
    return options;
  }

  /** Waits for the TCP listener, then for a successful {@code describeCluster}. */
  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!portOpen()) {
      checkAliveAndInTime(deadline);
      sleep(100);
    }
    LOG.debug("Kafka broker port {} is open", brokerPort);
    Map<String, Object> config = new LinkedHashMap<>(clientSettings());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    // Kafka loads its plugins (metrics reporters) through the thread's context class loader: under
    // a Quarkus test profile that is Quarkus's, which holds other copies of Kafka's classes
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(Admin.class.getClassLoader());
    try (Admin admin = Admin.create(config)) {
      while (true) {
        checkAliveAndInTime(deadline);
        try {
          if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
            LOG.debug("Kafka broker answers describeCluster");
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          LOG.debug("Kafka broker not ready yet: {}", e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
        sleep(200);
      }
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private boolean portOpen() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void checkAliveAndInTime(long deadline) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "The Kafka broker JVM exited with code " + process.exitValue() + LogTail.of(log));
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          "The Kafka broker did not answer on "
              + bootstrapServers()
              + " within "
              + STARTUP_TIMEOUT.toSeconds()
              + " s"
              + LogTail.of(log));
    }
  }

  /** SIGKILL of the broker, for the fault suite; its directory (data, log) stays. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
      closeLifeline();
      process = null;
    }
  }

  /** Starts the broker again after {@link #kill()}: same ports, same data. */
  public synchronized void restart() {
    launch();
    awaitReady();
  }

  /** Stops the broker (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
  synchronized void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("Kafka broker did not stop within {} s: killing it", STOP_GRACE.toSeconds());
          process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      closeLifeline();
      process = null;
    }
    WorkDirectories.deleteRecursively(dir);
  }

  private void closeLifeline() {
    try {
      parentLifeline.close();
    } catch (IOException e) {
      LOG.debug("Closing the broker's standard input: {}", e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    }
  }

  @Override
  public String toString() {
    return "LocalKafka[" + bootstrapServers() + ", " + dir + "]";
  }
}
