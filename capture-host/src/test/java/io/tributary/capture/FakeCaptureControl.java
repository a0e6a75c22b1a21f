package io.tributary.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The control schema in memory: leases by source id, fences, removals. */
class FakeCaptureControl implements CaptureControl {
  final Map<String, Lease> leases = new HashMap<>();
  final Map<String, List<Long>> pending = new HashMap<>();
  final Map<Long, String> written = new HashMap<>();
  final List<String> removed = new ArrayList<>();
  RuntimeException failure;

  private void failIfAsked() {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public Optional<SourceRow> source(String migration, String source) {
    return Optional.empty();
  }

  @Override
  public Optional<Lease> acquireLease(
      String migration, String source, String holder, long leaseMillis) {
    failIfAsked();
    String id = migration + "/" + source;
    Lease now = leases.get(id);
    if (now == null || now.holder().equals(holder)) {
      leases.put(id, new Lease(holder, leaseMillis));
    }
    return Optional.of(leases.get(id));
  }

  @Override
  public Set<String> renewLeases(String holder, long leaseMillis, Collection<String> ids) {
    failIfAsked();
    Set<String> renewed = new HashSet<>();
    for (String id : ids) {
      Lease lease = leases.get(id);
      if (lease != null && lease.holder().equals(holder)) {
        renewed.add(id);
      }
    }
    return renewed;
  }

  @Override
  public void releaseLease(String holder, String migration, String source) {
    failIfAsked();
    leases.remove(migration + "/" + source, leases.get(migration + "/" + source));
  }

  @Override
  public List<Long> pendingFences(String migration, String source) {
    return List.copyOf(pending.getOrDefault(migration + "/" + source, List.of()));
  }

  @Override
  public void fenceWritten(long fence, String position) {
    written.put(fence, position);
    pending.values().forEach(ids -> ids.remove(fence));
  }

  @Override
  public void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {}

  @Override
  public long snapshotGeneration(String migration, String source) {
    return 0;
  }

  @Override
  public long nextGeneration(String migration, String source) {
    return 1;
  }

  @Override
  public void snapshotComplete(
      String migration, String source, String schema, String table, long rows) {}

  @Override
  public void snapshotSent(
      String migration, String source, String schema, String table, long rows) {}

  @Override
  public void chunkedSnapshots(String migration, String source) {}

  @Override
  public void captureRemoved(String migration, String source) {
    removed.add(migration + "/" + source);
  }
}
