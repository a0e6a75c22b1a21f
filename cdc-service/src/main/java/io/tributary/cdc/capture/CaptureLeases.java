package io.tributary.cdc.capture;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.capture.LeaseKeeper;
import io.tributary.capture.LeaseRecords.Lease;
import io.tributary.cdc.CaptureConfig;
import io.tributary.common.concurrent.Poller;
import io.tributary.common.control.LeaseHolders;
import io.tributary.controlgate.ControlSchemaGate;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Which cdc-service instance captures each source, so that several instances can run (for
 * availability) and each source is still captured by one of them at a time: a lease per source in
 * {@code tributary.capture_leases}, taken by the instance that starts its capture, renewed every
 * {@code tributary.capture.lease-renew-interval} on a thread of its own, and given up when the
 * capture stops for good or the instance shuts down. A lease not renewed for {@code
 * tributary.capture.lease-duration} (its holder died or lost the database) can be taken by another
 * instance, whose capture resumes from the offsets Kafka acknowledged: what the dead holder had
 * published after them is published again, and apply writes it again to the same effect.
 *
 * <p>A holder that cannot renew stops its capture itself, before the lease can expire by the
 * database's clock: its own deadline is counted from before it asked, and it gives up one renew
 * interval earlier still ({@link LeaseKeeper}). The instance's name ({@code
 * tributary.capture.instance-id}, by default host name and process id) is what the lease shows.
 */
@ApplicationScoped
public class CaptureLeases {
  private static final Logger LOG = Logger.getLogger(CaptureLeases.class);

  private final CaptureConfig config;
  private final ControlSchemaGate controlSchema;
  private final String instance;
  private final LeaseKeeper keeper;

  /** Sources last seen held by another instance, and by whom (to log a change once). */
  private final Map<String, String> othersHold = new ConcurrentHashMap<>();

  private Poller poller;

  public CaptureLeases(Pool pool, CaptureConfig config, ControlSchemaGate controlSchema) {
    this.config = config;
    this.controlSchema = controlSchema;
    this.instance = config.instanceId().orElseGet(CaptureLeases::defaultInstanceId);
    if (config.leaseRenewInterval().multipliedBy(2).compareTo(config.leaseDuration()) >= 0) {
      throw new IllegalArgumentException(
          "tributary.capture.lease-renew-interval ("
              + config.leaseRenewInterval()
              + ") must be less than half of tributary.capture.lease-duration ("
              + config.leaseDuration()
              + "): a holder gives its capture up one renew interval before the lease expires");
    }
    // a renewal must answer well within a renew interval
    this.keeper =
        new LeaseKeeper(
            new PooledLeaseRecords(pool, config.leaseRenewInterval().dividedBy(2)),
            instance,
            config.leaseDuration(),
            config.leaseRenewInterval(),
            new LeaseEvents());
  }

  private static String defaultInstanceId() {
    return LeaseHolders.host("cdc-service") + "/" + ProcessHandle.current().pid();
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    poller =
        Poller.start(
            "capture-leases",
            config.leaseRenewInterval(),
            config.leaseRenewInterval(),
            this::renew,
            e -> LOG.warnf("Renewing capture leases failed: %s", e.getMessage()));
    LOG.infof(
        "Capture leases of this instance are held as '%s' (%s, renewed every %s)",
        instance, config.leaseDuration(), config.leaseRenewInterval());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.stopNow();
    }
  }

  /** This instance's name in the leases. */
  public String instance() {
    return instance;
  }

  /**
   * Takes (or keeps) the lease of a source for this instance.
   *
   * @return true when this instance holds it now; false when another instance does, or the database
   *     could not be asked
   */
  public boolean acquire(String migration, String source) {
    String id = migration + "/" + source;
    Optional<Lease> lease;
    try {
      lease = keeper.acquire(migration, source);
    } catch (RuntimeException e) {
      LOG.warnf("Failed to take the capture lease of %s: %s", id, e.getMessage());
      return false;
    }
    if (lease.isEmpty()) {
      return false; // the source was deleted meanwhile
    }
    String holder = lease.get().holder();
    if (instance.equals(holder)) {
      if (othersHold.remove(id) != null) {
        LOG.infof("Took over the capture of %s (its lease had expired)", id);
      }
      return true;
    }
    if (!holder.equals(othersHold.put(id, holder))) {
      LOG.infof(
          "Capture of %s is held by instance '%s' (lease until %s): this instance stands by",
          id, holder, Instant.ofEpochMilli(lease.get().expires()));
    }
    return false;
  }

  /** Whether this instance holds the source's lease and may go on capturing it. */
  public boolean holds(String id) {
    return keeper.holds(id);
  }

  /** Gives up the source's lease (its capture stopped for good here, or the instance stops). */
  public void release(String migration, String source) {
    keeper.release(migration, source);
  }

  /** Renews every held lease; a lease another instance took meanwhile is forgotten. */
  void renew() {
    if (!keeper.holdsAny() || !controlSchema.ready()) {
      return;
    }
    keeper.renew();
  }

  /** The leases' events in this service's log. */
  private static final class LeaseEvents implements LeaseKeeper.Events {
    @Override
    public void lost(String id) {
      LOG.warnf("The capture lease of %s was taken by another instance: capture stops here", id);
    }

    @Override
    public void renewFailed(List<String> ids, RuntimeException e) {
      LOG.warnf(
          "Failed to renew the capture leases of %s: %s; captures stop when they expire",
          ids, e.getMessage());
    }

    @Override
    public void releaseFailed(String id, RuntimeException e) {
      LOG.debugf("Failed to give up the capture lease of %s (it expires): %s", id, e.getMessage());
    }
  }
}
