package io.tributary.cdc.apply;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The settings of the apply consumer, on top of the Kafka client settings every client takes. */
final class ApplyConsumerProperties {
  private ApplyConsumerProperties() {}

  /**
   * @param props the client settings ({@code KafkaSettings#consumer}), completed in place
   * @return {@code props}
   */
  static Properties of(ApplyConfig config, Properties props) {
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
    props.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.max(500, config.sessionTimeout().toMillis() / 3));
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2000);
    // between two polls apply may build the key of a large bulk-loaded table (minutes for hundreds
    // of millions of rows): a dead instance is noticed by its missing heartbeats (session timeout)
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofHours(1).toMillis());
    // capture creates the table topics with their partition count; a subscription must not create
    // them first with the broker's default
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // one poll is decoded and written in one transaction: bound what it may hold
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.maxPollBytes());
    props.put(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        Math.max(1024 * 1024, config.maxPollBytes() / 4));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-apply");
    return props;
  }
}
