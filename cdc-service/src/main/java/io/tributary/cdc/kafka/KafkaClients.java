package io.tributary.cdc.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.common.annotation.Identifier;
import io.tributary.cdc.CaptureConfig;
import io.tributary.common.kafka.KafkaAdmins;
import io.tributary.common.kafka.KafkaSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients cdc-service shares: one idempotent producer and one admin client. */
@ApplicationScoped
public class KafkaClients {
  private final KafkaSettings settings;
  private final String compression;
  private final int maxRecordBytes;
  private final MeterRegistry registry;
  private KafkaProducer<String, byte[]> producer;
  private KafkaClientMetrics producerMetrics;
  private Admin admin;

  public KafkaClients(
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      CaptureConfig capture,
      MeterRegistry registry) {
    this.registry = registry;
    this.settings = KafkaSettings.of(kafka);
    this.compression = capture.compression();
    this.maxRecordBytes = capture.maxRecordBytes();
  }

  /** How every Kafka client of cdc-service connects ({@code kafka.*}: brokers, TLS, SASL). */
  public KafkaSettings settings() {
    return settings;
  }

  /**
   * An idempotent producer (acks=all): a record is acknowledged once it is durable in Kafka. Keys
   * are text; values are bytes (change events are published as the UTF-8 JSON they were encoded to,
   * without a round trip through {@link String}).
   */
  public synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      Properties props = settings.producer();
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
      props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
      props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes);
      props.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-cdc");
      producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
      // Kafka's own metrics of the producer (kafka_producer_*: send rates, errors, batch sizes)
      producerMetrics = new KafkaClientMetrics(producer);
      producerMetrics.bindTo(registry);
    }
    return producer;
  }

  public synchronized Admin admin() {
    if (admin == null) {
      // topics are created and described while capture starts: Kafka's own default timeout
      admin = KafkaAdmins.create(settings, "tributary-cdc-admin", Duration.ofMinutes(1));
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (producer != null) {
      producerMetrics.close();
      producer.close(Duration.ofSeconds(10));
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
