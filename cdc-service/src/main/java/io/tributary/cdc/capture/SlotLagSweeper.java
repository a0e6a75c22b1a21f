package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import io.tributary.source.spi.capture.CaptureLag;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.StraySlot;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every {@code tributary.capture.slot-lag-interval}, records what each running capture holds back
 * in its source (a PostgreSQL slot's WAL) and looks for stray slots: Tributary's slots no active
 * migration uses. Both are kept for the status.
 */
@ApplicationScoped
public class SlotLagSweeper {
  private static final Logger LOG = Logger.getLogger(SlotLagSweeper.class);

  private final CaptureConfig config;
  private final CaptureHealthRepository health;
  private final SourceCaptures captures;
  private final EngineWorkers engines;
  private final Map<String, CaptureLag> slotLags = new ConcurrentHashMap<>();
  private final Set<String> reportedStrays = ConcurrentHashMap.newKeySet();
  private volatile Map<String, List<StraySlot>> straySlots = Map.of();
  private Instant lagCheckedAt = Instant.EPOCH;

  public SlotLagSweeper(
      CaptureConfig config,
      CaptureHealthRepository health,
      SourceCaptures captures,
      EngineWorkers engines) {
    this.config = config;
    this.health = health;
    this.captures = captures;
    this.engines = engines;
  }

  /** Reads the slots again once the interval passed since the last look. */
  void sweep(ActiveSources active) {
    if (lagCheckedAt.plus(config.slotLagInterval()).isBefore(Instant.now())) {
      lagCheckedAt = Instant.now();
      recordSlotLag();
      findStraySlots(active);
    }
  }

  /**
   * Records what each running capture holds back in its source (a PostgreSQL slot's WAL) in the
   * control schema.
   */
  private void recordSlotLag() {
    for (CapturedSource source : engines.runningSources()) {
      try {
        Optional<CaptureLag> lag = captures.of(source.kind()).lag(source);
        if (lag.isPresent()) {
          health.recordSlotLag(
              source.migration(), source.source(), lag.get().lagBytes(), lag.get().retainedBytes());
          slotLags.put(source.id(), lag.get());
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warnf("Failed to read the replication slot lag of %s: %s", source.id(), e.getMessage());
      }
    }
  }

  /**
   * Looks, in the database of each running capture, for Tributary's slots no active migration uses
   * (they hold WAL back for ever): kept for {@link #straySlots}, each logged once.
   */
  private void findStraySlots(ActiveSources active) {
    List<CapturedSource> all = new ArrayList<>(active.capture());
    active.paused().values().forEach(p -> all.add(p.source()));
    Map<String, List<StraySlot>> found = new TreeMap<>();
    for (CapturedSource source : engines.runningSources()) {
      try {
        List<StraySlot> strays = captures.of(source.kind()).straySlots(source, all);
        if (!strays.isEmpty()) {
          found.put(source.id(), strays);
          for (StraySlot stray : strays) {
            if (reportedStrays.add(stray.slot())) {
              LOG.warnf(
                  "Replication slot %s in the database of %s (%s) is named as Tributary names"
                      + " its slots, but no active migration uses it; it holds %d bytes of WAL."
                      + " If no other deployment owns it, drop it there: %s",
                  stray.slot(),
                  source.id(),
                  source.displayLocation(),
                  stray.retainedBytes(),
                  stray.drop());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        LOG.debugf("Failed to list the replication slots of %s: %s", source.id(), e.getMessage());
      }
    }
    straySlots = found;
  }

  /** Per running capture (id), the stray slots found in its database at the last look. */
  public Map<String, List<StraySlot>> straySlots() {
    return straySlots;
  }

  /** The last slot state read of each running PostgreSQL capture. */
  public Map<String, CaptureLag> slotLags() {
    Map<String, CaptureLag> out = new HashMap<>(slotLags);
    out.keySet().retainAll(engines.runningCaptures());
    return out;
  }
}
