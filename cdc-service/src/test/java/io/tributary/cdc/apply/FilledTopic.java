package io.tributary.cdc.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.testing.ServiceProcess;
import io.tributary.testing.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A table topic of one partition filled by a test before apply starts, and apply alone (the
 * packaged cdc-service with capture off) reading it: what {@link ApplyThroughputIT} and {@link
 * StagedApplyIT} share.
 */
final class FilledTopic implements AutoCloseable {
  private final String topic;
  private final KafkaProducer<String, String> producer;

  /** Creates the topic (one partition) and a producer of its change events. */
  FilledTopic(String bootstrap, String topic) throws Exception {
    this.topic = topic;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    this.producer = new KafkaProducer<>(props);
  }

  /** Publishes a change event under its row's key. */
  void send(ObjectNode key, ChangeEvent event) {
    producer.send(
        new ProducerRecord<>(
            topic, ChangeEventCodec.encodeKey(key), ChangeEventCodec.encodeToString(event)));
  }

  /** Waits until everything sent is in the topic, and closes the producer. */
  @Override
  public void close() {
    producer.flush();
    producer.close();
  }

  /** Apply alone on the target database, its log in {@code target/<logName>}. */
  static ServiceProcess applyOnly(TestInfrastructure infra, String database, String logName)
      throws Exception {
    Path log = Path.of("target", logName).toAbsolutePath();
    Files.deleteIfExists(log);
    return new ServiceProcess(
        "cdc-service",
        infra,
        database,
        log,
        Map.of(
            "TRIBUTARY_CAPTURE_ENABLED",
            "false",
            "TRIBUTARY_APPLY_GROUP_ID",
            "tributary-apply-" + database));
  }

  /** The sum of the stored next offsets of a topic's partitions (0 before the first commit). */
  static long nextOffset(String jdbcUrl, String topic) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(sum(next_offset), 0) FROM tributary.apply_offsets WHERE topic = '"
                    + topic
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
