package io.tributary.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Main class of the child JVM that runs the test Kafka broker (see {@link LocalKafka}); it needs
 * the Kafka broker jars, which only the child's classpath has.
 *
 * <p>Formats the storage of a fresh log directory ({@code kafka.tools.StorageTool format -t <random
 * cluster id> -c <server.properties>}), runs {@code kafka.Kafka.main} in a thread, and halts the
 * JVM as soon as its standard input reaches end-of-file: the parent test JVM holds the other end of
 * that pipe, so the broker never outlives it, even when the parent is killed with SIGKILL.
 *
 * <p>Arguments: the path of {@code server.properties}; for a SASL listener, the SCRAM credential to
 * create when formatting ({@code SCRAM-SHA-512=[name=...,password=...]}, see {@link
 * SaslSslListener}).
 */
public final class KafkaBrokerMain {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerMain.class);

  private KafkaBrokerMain() {}

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      LOG.error("usage: KafkaBrokerMain <server.properties> [<SCRAM credential>]");
      System.exit(2);
    }
    String serverProperties = args[0];
    String scram = args.length == 2 ? args[1] : null;
    Thread broker = new Thread(() -> runBroker(serverProperties, scram), "kafka-broker-main");
    broker.start();
    awaitEndOfInput(System.in);
    LOG.info("Standard input closed: the parent JVM is gone, halting the broker");
    Runtime.getRuntime().halt(0);
  }

  private static void runBroker(String serverProperties, String scram) {
    try {
      if (!isFormatted(serverProperties)) {
        String clusterId = Uuid.randomUuid().toString();
        LOG.info("Formatting the storage of {} with cluster id {}", serverProperties, clusterId);
        List<String> format =
            new ArrayList<>(
                List.of("format", "--cluster-id", clusterId, "--config", serverProperties));
        if (scram != null) {
          // the SASL user exists before the first start (the broker authenticates to itself)
          format.addAll(List.of("--add-scram", scram));
        }
        int exitCode = StorageTool.execute(format.toArray(String[]::new), System.err);
        if (exitCode != 0) {
          LOG.error("kafka-storage format failed with exit code {}", exitCode);
          System.exit(exitCode);
        }
      }
      Kafka.main(new String[] {serverProperties});
    } catch (Throwable e) {
      LOG.error("The Kafka broker failed", e);
      System.exit(1);
    }
  }

  private static boolean isFormatted(String serverProperties) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(serverProperties))) {
      properties.load(in);
    }
    String logDir = properties.getProperty("log.dirs").split(",")[0];
    return Files.exists(Path.of(logDir, "meta.properties"));
  }

  private static void awaitEndOfInput(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // the parent never writes; it only keeps the pipe open
      }
    } catch (IOException e) {
      // a broken pipe means the parent is gone, too
    }
  }
}
