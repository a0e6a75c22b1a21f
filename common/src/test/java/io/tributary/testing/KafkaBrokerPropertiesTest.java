package io.tributary.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerPropertiesTest {

  @Test
  void describesASingleNodeKraftBrokerWithStaticQuorum() {
    Map<String, String> settings = KafkaBrokerProperties.of(9092, 9093, Path.of("/tmp/k/data"));

    assertThat(settings)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
        .containsEntry("controller.listener.names", "CONTROLLER")
        .containsEntry("log.dirs", "/tmp/k/data")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("auto.create.topics.enable", "true")
        .containsEntry("num.partitions", "1")
        .containsEntry("log.cleaner.dedupe.buffer.size", "2097152")
        .doesNotContainKey("controller.quorum.bootstrap.servers");
  }

  @Test
  void writesAPropertiesFileThatReadsBackTheSame(@TempDir Path dir) throws IOException {
    Path logDir = dir.resolve("a dir: with = odd\\chars");
    Map<String, String> settings = KafkaBrokerProperties.of(1, 2, logDir);
    Path file = dir.resolve("server.properties");

    KafkaBrokerProperties.write(settings, file);

    Properties read = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      read.load(reader);
    }
    assertThat(read).containsExactlyInAnyOrderEntriesOf(settings);
  }
}
