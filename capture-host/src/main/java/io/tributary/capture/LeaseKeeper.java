package io.tributary.capture;

import io.tributary.capture.LeaseRecords.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The capture leases one runner (a cdc-service instance, a Kafka Connect task) holds, so that each
 * source is captured by one runner at a time: taken before a capture starts, renewed every renew
 * interval, given up when the capture stops for good. A holder that cannot renew stops its capture
 * itself, before the lease can expire by the database's clock: its own deadline is counted from
 * before it asked, and it gives up one renew interval earlier still ({@link #expiring}).
 */
public final class LeaseKeeper {

  /** What the runner says about its leases, in its own words. */
  public interface Events {
    /** A renewal found the lease of {@code id} held by another runner. */
    void lost(String id);

    /** Renewing the leases of {@code ids} failed; they are held until their deadlines. */
    void renewFailed(List<String> ids, RuntimeException e);

    /** Giving the lease of {@code id} up failed (it expires). */
    void releaseFailed(String id, RuntimeException e);
  }

  private final LeaseRecords control;
  private final String holder;
  private final Duration duration;
  private final Duration renewInterval;
  private final Events events;

  /** Leases held, by source id: the local time (System.nanoTime) until which each is safe. */
  private final Map<String, Long> held = new ConcurrentHashMap<>();

  /**
   * @param holder the runner's name, as the lease shows it
   * @param duration how long a lease lasts without renewal
   * @param renewInterval how often it is renewed: less than half of {@code duration}
   */
  public LeaseKeeper(
      LeaseRecords control,
      String holder,
      Duration duration,
      Duration renewInterval,
      Events events) {
    this.control = control;
    this.holder = holder;
    this.duration = duration;
    this.renewInterval = renewInterval;
    this.events = events;
  }

  /** The runner's name in the leases. */
  public String holder() {
    return holder;
  }

  /**
   * Takes (or keeps) the lease of a source for this runner.
   *
   * @return who holds it now (this runner when taken); empty when the source is gone
   * @throws RuntimeException when the control schema could not be asked
   */
  public Optional<Lease> acquire(String migration, String source) {
    String id = migration + "/" + source;
    long asked = System.nanoTime();
    Optional<Lease> lease = control.acquireLease(migration, source, holder, duration.toMillis());
    if (lease.isPresent() && holder.equals(lease.get().holder())) {
      held.put(id, asked + duration.toNanos());
    } else {
      held.remove(id);
    }
    return lease;
  }

  /** Whether this runner holds the source's lease and may go on capturing it. */
  public boolean holds(String id) {
    Long until = held.get(id);
    return until != null && !expiring(until, System.nanoTime());
  }

  /**
   * A lease is given up one renew interval before its deadline by this runner's clock: a renewal
   * late by up to that much still keeps it, and by then the database's expiry is later still.
   */
  boolean expiring(long until, long now) {
    return now > until - renewInterval.toNanos();
  }

  /** Gives up the source's lease, if held (its capture stopped for good, or the runner stops). */
  public void release(String migration, String source) {
    String id = migration + "/" + source;
    if (held.remove(id) == null) {
      return;
    }
    try {
      control.releaseLease(holder, migration, source);
    } catch (RuntimeException e) {
      events.releaseFailed(id, e);
    }
  }

  /** Whether any lease is held. */
  public boolean holdsAny() {
    return !held.isEmpty();
  }

  /** Renews every held lease; a lease another runner took meanwhile is forgotten. */
  public void renew() {
    if (held.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(held.keySet());
    long asked = System.nanoTime();
    Set<String> renewed;
    try {
      renewed = control.renewLeases(holder, duration.toMillis(), ids);
    } catch (RuntimeException e) {
      events.renewFailed(ids, e);
      return;
    }
    for (String id : ids) {
      if (renewed.contains(id)) {
        held.computeIfPresent(id, (k, v) -> asked + duration.toNanos());
      } else if (held.remove(id) != null) {
        events.lost(id);
      }
    }
  }
}
