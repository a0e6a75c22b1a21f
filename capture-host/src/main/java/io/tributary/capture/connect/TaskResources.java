package io.tributary.capture.connect;

import io.tributary.capture.CaptureRemoval;
import io.tributary.capture.LeaseKeeper;
import io.tributary.capture.TopicEnsurer;
import io.tributary.common.control.LeaseHolders;
import io.tributary.source.spi.capture.CaptureContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link ConnectCaptureTask} holds while it runs, opened at its start and closed at its
 * stop: the control schema's connection, Kafka's admin client, its lease keeper, its timer and
 * acknowledgement threads, and the capture context it offers the kinds.
 */
final class TaskResources implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectCaptureTask.class);

  /** The largest record capture publishes: topics are created with room for it. */
  static final int MAX_RECORD_BYTES = 10_485_760;

  private final String sourceId;
  private final JdbcCaptureControl control;
  private final Admin admin;
  private final LeaseKeeper leases;
  private final ScheduledExecutorService timers;
  private final ExecutorService bookkeeping;
  private final ControlCaptureRecords records;
  private final CaptureContext context;
  private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

  /**
   * @param connectorName the connector's name, in the lease holder's name
   */
  TaskResources(ConnectCaptureConfig config, Map<String, String> props, String connectorName) {
    this.sourceId = config.migration() + "/" + config.source();
    this.control =
        new JdbcCaptureControl(
            config.controlUrl(),
            config.controlUser(),
            config.controlPassword(),
            "tributary-connect " + sourceId);
    Properties adminProps = new Properties();
    adminProps.putAll(config.kafka());
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-connect-" + sourceId);
    this.admin = Admin.create(adminProps);
    this.leases =
        new LeaseKeeper(
            control,
            "connect:" + LeaseHolders.host("worker") + "/" + connectorName,
            Duration.ofMillis(config.leaseDurationMs()),
            Duration.ofMillis(config.leaseRenewMs()),
            new LeaseEvents());
    this.timers =
        // two threads: a fence write waiting for the source's lock does not hold up the lease's
        // renewal
        Executors.newScheduledThreadPool(2, r -> daemon(r, "tributary-connect-timers-" + sourceId));
    this.bookkeeping =
        Executors.newSingleThreadExecutor(r -> daemon(r, "tributary-connect-acks-" + sourceId));
    this.records = new ControlCaptureRecords(control);
    this.context =
        new CaptureContext(
            new ConnectCaptureSettings(props),
            records,
            this::partitions,
            (migration, source) -> List.of(),
            type -> {
              // only a PostgreSQL source's snapshot reads arrays in binary form; this plugin
              // carries the SQLite kind
              throw new UnsupportedOperationException(
                  "a Connect task does not read target type oids (type " + type + ")");
            });
  }

  JdbcCaptureControl control() {
    return control;
  }

  Admin admin() {
    return admin;
  }

  LeaseKeeper leases() {
    return leases;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  ExecutorService bookkeeping() {
    return bookkeeping;
  }

  ControlCaptureRecords records() {
    return records;
  }

  /** What the kinds' captures are given: a task's stored offsets are the worker's, not read. */
  CaptureContext context() {
    return context;
  }

  /** Removes the capture of an ended migration; a worker's stored offsets stay the worker's. */
  CaptureRemoval removal() {
    return new CaptureRemoval(control, (migration, source) -> {});
  }

  private int partitions(String topic) {
    return partitions.computeIfAbsent(
        topic,
        t -> {
          try {
            return new TopicEnsurer(() -> admin, MAX_RECORD_BYTES).partitions(t);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("cannot count the partitions of " + t, e);
          } catch (Exception e) {
            throw new ConnectException("cannot count the partitions of " + t, e);
          }
        });
  }

  @Override
  public void close() {
    timers.shutdownNow();
    bookkeeping.shutdown();
    try {
      bookkeeping.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
    control.close();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The lease's events in the task's log. */
  private static final class LeaseEvents implements LeaseKeeper.Events {
    @Override
    public void lost(String id) {
      LOG.warn("The capture lease of {} was taken by another runner", id);
    }

    @Override
    public void renewFailed(List<String> ids, RuntimeException e) {
      LOG.warn(
          "Renewing the capture lease of {} failed: {}", String.join(", ", ids), e.getMessage());
    }

    @Override
    public void releaseFailed(String id, RuntimeException e) {
      LOG.debug("Giving up the lease of {} failed (it expires): {}", id, e.toString());
    }
  }
}
