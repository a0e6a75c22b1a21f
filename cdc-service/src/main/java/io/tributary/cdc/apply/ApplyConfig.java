package io.tributary.cdc.apply;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Apply settings ({@code tributary.apply.*}). */
@ConfigMapping(prefix = "tributary.apply")
public interface ApplyConfig {
  /** Whether this instance applies changes at all (capture-only instances set false). */
  @WithDefault("true")
  boolean enabled();

  /** The Kafka consumer group; instances in one group share the table topics' partitions. */
  @WithDefault("tributary-apply")
  String groupId();

  /** Most records taken by one poll; one poll is written in one target transaction. */
  @WithDefault("5000")
  int maxPollRecords();

  /**
   * Most bytes of records one poll fetches (Kafka's {@code fetch.max.bytes}; a partition gets a
   * quarter). With wide rows (vectors, documents) this, not the record count, bounds the memory a
   * batch takes: decoded, a batch takes a few times its bytes.
   */
  @WithDefault("8388608")
  int maxPollBytes();

  /** How long one poll waits for records. */
  @WithDefault("500ms")
  Duration pollTimeout();

  /** Attempts to write a batch before the consumer rewinds to the stored offsets and tries anew. */
  @WithDefault("5")
  int retryAttempts();

  /** Wait before the first retry; doubled on each further one, up to 30 s. */
  @WithDefault("500ms")
  Duration retryBackoff();

  /**
   * How often the table catalog is read again to subscribe to the topics of newly recorded
   * migrations.
   */
  @WithDefault("2s")
  Duration catalogRefresh();

  /** How long one target transaction may take before it counts as failed. */
  @WithDefault("5m")
  Duration writeTimeout();
}
