package io.tributary.capture.connect;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the capture connector as a Kafka Connect worker runs it ({@link ConnectCaptureTask}):
 * which source of which migration, and how to reach the control schema (where the source's kind,
 * location and tables are read from, and progress, fences and the capture lease recorded) and Kafka
 * (to create the source's topics and count their partitions; {@code kafka.*} settings as the
 * worker's clients take them). The capture settings of the kind's own connector ({@code
 * snapshot.fetch.size}, {@code poll.interval.ms}, ...) are passed on when set.
 */
public final class ConnectCaptureConfig extends AbstractConfig {
  public static final String MIGRATION = "tributary.migration";
  public static final String SOURCE = "tributary.source";
  public static final String CONTROL_URL = "tributary.control.url";
  public static final String CONTROL_USER = "tributary.control.user";
  public static final String CONTROL_PASSWORD = "tributary.control.password";
  public static final String KAFKA_PREFIX = "kafka.";
  public static final String KAFKA_BOOTSTRAP = KAFKA_PREFIX + "bootstrap.servers";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String LEASE_DURATION_MS = "lease.duration.ms";
  public static final String LEASE_RENEW_MS = "lease.renew.ms";
  public static final String FENCE_POLL_MS = "fence.poll.ms";
  public static final String STATE_POLL_MS = "state.poll.ms";

  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              MIGRATION,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "The migration (its id) whose source this connector captures.")
          .define(
              SOURCE,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "The plan's name of the SQLite source to capture.")
          .define(
              CONTROL_URL,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "JDBC URL of the target database holding the control schema"
                  + " (jdbc:postgresql://host:5432/unified).")
          .define(
              CONTROL_USER,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "The role the connector reads and writes the control schema as.")
          .define(
              CONTROL_PASSWORD,
              Type.PASSWORD,
              ConfigDef.NO_DEFAULT_VALUE,
              Importance.HIGH,
              "Its password (a config provider reference, e.g. ${file:/path:key}, keeps it out of"
                  + " the connector's config).")
          .define(
              KAFKA_BOOTSTRAP,
              Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              "The Kafka cluster's brokers, for the connector's admin client (topics, partitions);"
                  + " other kafka.* settings (security.protocol, sasl.*, ssl.*) are passed to it.")
          .define(
              TOPIC_PARTITIONS,
              Type.INT,
              -1,
              Range.atLeast(-1),
              Importance.LOW,
              "Partitions of the topics the connector creates; -1: the broker's num.partitions.")
          .define(
              TOPIC_REPLICATION_FACTOR,
              Type.SHORT,
              (short) -1,
              Importance.LOW,
              "Replication factor of the topics the connector creates; -1: the broker's default.")
          .define(
              LEASE_DURATION_MS,
              Type.LONG,
              15_000L,
              Range.atLeast(1_000L),
              Importance.LOW,
              "The capture lease (tributary.capture_leases): another runner (a cdc-service, another"
                  + " task) takes the capture over when this one has not renewed it for this long.")
          .define(
              LEASE_RENEW_MS,
              Type.LONG,
              5_000L,
              Range.atLeast(100L),
              Importance.LOW,
              "How often the lease is renewed; less than half of lease.duration.ms.")
          .define(
              FENCE_POLL_MS,
              Type.LONG,
              25L,
              Range.atLeast(1L),
              Importance.LOW,
              "How often fences a cutover asks for are looked for (a cutover's write pause waits"
                  + " for them).")
          .define(
              STATE_POLL_MS,
              Type.LONG,
              1_000L,
              Range.atLeast(100L),
              Importance.LOW,
              "How often the migration's state is read (paused, ended).");

  public ConnectCaptureConfig(Map<String, String> props) {
    super(DEFINITION, props);
    if (leaseRenewMs() * 2 >= leaseDurationMs()) {
      throw new ConfigException(
          LEASE_RENEW_MS
              + " ("
              + leaseRenewMs()
              + ") must be less than half of "
              + LEASE_DURATION_MS
              + " ("
              + leaseDurationMs()
              + ")");
    }
  }

  public String migration() {
    return getString(MIGRATION);
  }

  public String source() {
    return getString(SOURCE);
  }

  public String controlUrl() {
    return getString(CONTROL_URL);
  }

  public String controlUser() {
    return getString(CONTROL_USER);
  }

  public String controlPassword() {
    Password password = getPassword(CONTROL_PASSWORD);
    return password == null ? "" : password.value();
  }

  /** The admin client's settings: every {@code kafka.*} setting, without the prefix. */
  public Map<String, Object> kafka() {
    return originalsWithPrefix(KAFKA_PREFIX);
  }

  public int topicPartitions() {
    return getInt(TOPIC_PARTITIONS);
  }

  public short topicReplicationFactor() {
    return getShort(TOPIC_REPLICATION_FACTOR);
  }

  public long leaseDurationMs() {
    return getLong(LEASE_DURATION_MS);
  }

  public long leaseRenewMs() {
    return getLong(LEASE_RENEW_MS);
  }

  public long fencePollMs() {
    return getLong(FENCE_POLL_MS);
  }

  public long statePollMs() {
    return getLong(STATE_POLL_MS);
  }
}
