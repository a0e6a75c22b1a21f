package io.tributary.source.sqlite.capture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@code vec0} chunk whose hash changed holds that capture has not emitted: each row's slot
 * hash ({@link Vec0Chunk#rowHash}) compared with the hash of what capture last emitted of it. No
 * I/O here.
 *
 * <ul>
 *   <li>a row whose hash differs changed in place since it was emitted: {@link #changed}, to be
 *       logged as an update;
 *   <li>a row capture has no hash of was not emitted yet (its insert is still in the change log, or
 *       its table's snapshot has not reached it): it is emitted as it is then, so it is left alone,
 *       counted in {@link #notEmitted};
 *   <li>a hash kept for a rowid the chunk no longer holds (deleted, or moved by a delete and an
 *       insert) is {@link #stale};
 *   <li>when every row's hash is the one emitted, the chunk's hash may be kept ({@link #clean}):
 *       while the chunk's bytes keep that hash, none of its rows needs a look.
 * </ul>
 *
 * @param chunkHash the chunk's hash ({@link Vec0Chunk#hash})
 * @param changed rowids whose values differ from what was emitted, in slot order
 * @param notEmitted rows without an emitted hash
 * @param stale rowids with a kept hash that the chunk does not hold
 */
public record Vec0ChunkDiff(long chunkHash, List<Long> changed, int notEmitted, List<Long> stale) {

  public Vec0ChunkDiff {
    changed = List.copyOf(changed);
    stale = List.copyOf(stale);
  }

  /** Whether every row of the chunk is as it was emitted: the chunk's hash may be kept. */
  public boolean clean() {
    return changed.isEmpty() && notEmitted == 0;
  }

  /**
   * Compares a chunk with the hashes of what was emitted of its rows.
   *
   * @param emitted rowid to the hash of what capture last emitted of it, for the rowids it has in
   *     this chunk
   */
  public static Vec0ChunkDiff of(Vec0Chunk chunk, Map<Long, Long> emitted) {
    return of(chunk, chunk.hash(), emitted);
  }

  /** As {@link #of(Vec0Chunk, Map)}, the chunk's hash computed already. */
  public static Vec0ChunkDiff of(Vec0Chunk chunk, long chunkHash, Map<Long, Long> emitted) {
    List<Long> changed = new ArrayList<>();
    Set<Long> held = new HashSet<>();
    int notEmitted = 0;
    long[] hashes = chunk.rowHashes();
    for (int slot = 0; slot < chunk.slots(); slot++) {
      if (!chunk.valid(slot)) {
        continue;
      }
      long rowid = chunk.rowid(slot);
      held.add(rowid);
      Long was = emitted.get(rowid);
      if (was == null) {
        notEmitted++;
      } else if (was != hashes[slot]) {
        changed.add(rowid);
      }
    }
    List<Long> stale = new ArrayList<>();
    for (Long rowid : emitted.keySet()) {
      if (!held.contains(rowid)) {
        stale.add(rowid);
      }
    }
    stale.sort(null);
    return new Vec0ChunkDiff(chunkHash, changed, notEmitted, stale);
  }
}
