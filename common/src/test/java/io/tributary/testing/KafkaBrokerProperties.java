package io.tributary.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code server.properties} of a single-node KRaft test broker: broker and controller in one
 * process, a static one-voter quorum, and replication settings a single node can satisfy.
 */
public final class KafkaBrokerProperties {

  private KafkaBrokerProperties() {}

  /**
   * The broker settings, in a stable order.
   *
   * @param brokerPort port of the PLAINTEXT listener (what clients use)
   * @param controllerPort port of the CONTROLLER listener
   * @param logDir where the broker keeps its data
   */
  public static Map<String, String> of(int brokerPort, int controllerPort, Path logDir) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", "1");
    settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    settings.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    settings.put("controller.listener.names", "CONTROLLER");
    settings.put("inter.broker.listener.name", "PLAINTEXT");
    settings.put("log.dirs", logDir.toAbsolutePath().toString());
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("share.coordinator.state.topic.replication.factor", "1");
    settings.put("share.coordinator.state.topic.min.isr", "1");
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("auto.create.topics.enable", "true");
    settings.put("num.partitions", "1");
    // Kafka requires strictly more than 1 MiB per cleaner thread (the default is 128 MiB).
    settings.put("log.cleaner.dedupe.buffer.size", "2097152");
    // Fewer threads and internal partitions: quicker start and a smaller footprint on small hosts.
    settings.put("num.network.threads", "2");
    settings.put("num.io.threads", "2");
    settings.put("offsets.topic.num.partitions", "5");
    settings.put("transaction.state.log.num.partitions", "5");
    return settings;
  }

  /** Writes settings as a properties file. */
  public static void write(Map<String, String> settings, Path file) {
    Properties properties = new Properties();
    properties.putAll(settings);
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "Tributary test broker");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
