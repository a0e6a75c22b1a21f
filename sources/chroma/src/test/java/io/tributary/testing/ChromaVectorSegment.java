package io.tributary.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state a running Chroma keeps for one HNSW vector segment, for {@link ChromaStoreFixture}: the
 * in-memory index ({@link ChromaHnswIndex}), the label ↔ id maps the pickle persists, and when it
 * writes them ({@code sync_threshold} records since the last persist). Two subclasses reproduce the
 * two writers: {@link ChromaPythonVectorSegment} (0.5/0.6) and {@link ChromaRustVectorSegment}
 * (1.x).
 */
abstract class ChromaVectorSegment {
  /** Writes the vector segment's {@code max_seq_id} row (inside or outside a transaction). */
  interface MaxSeqIdWriter {
    void write(long seqId) throws SQLException;
  }

  final Path dir;
  final boolean cosine;
  final int syncThreshold;

  ChromaHnswIndex index;
  final Map<String, Long> idToLabel = new LinkedHashMap<>();
  final Map<Long, String> labelToId = new LinkedHashMap<>();
  final Map<String, Long> idToSeqId = new LinkedHashMap<>();
  long totalElementsAdded;
  long sinceLastPersist;

  private long persistedMaxSeqId;
  private Map<String, Long> persistedIdToLabel = Map.of();

  ChromaVectorSegment(Path dir, boolean cosine, int syncThreshold, long noMaxSeqId) {
    this.dir = dir;
    this.cosine = cosine;
    this.syncThreshold = syncThreshold;
    this.persistedMaxSeqId = noMaxSeqId;
  }

  /** Consumes log records, persisting when the threshold is reached. */
  abstract void write(List<ChromaLogRecord> records, MaxSeqIdWriter maxSeqId)
      throws IOException, SQLException;

  /** Persists now, as reaching the threshold would (nothing when no vector was ever written). */
  abstract void persistNow(MaxSeqIdWriter maxSeqId) throws IOException, SQLException;

  /** The bytes of {@code index_metadata.pickle} for the current maps. */
  abstract byte[] pickle();

  /** Files (persistDirty), then the pickle, then {@code max_seq_id}: Chroma's order. */
  final void persist(long maxSeqId, MaxSeqIdWriter writer) throws IOException, SQLException {
    index.persistDirty();
    Files.write(dir.resolve("index_metadata.pickle"), pickle());
    writer.write(maxSeqId);
    persistedMaxSeqId = maxSeqId;
    persistedIdToLabel = new LinkedHashMap<>(idToLabel);
    sinceLastPersist = 0;
  }

  /** The vector segment's {@code max_seq_id} as persisted (-1 or 0 before the first persist). */
  final long persistedMaxSeqId() {
    return persistedMaxSeqId;
  }

  /** The vector Chroma's get() returns for an id from the persisted files, or null. */
  final float[] persistedVector(String id) {
    Long label = persistedIdToLabel.get(id);
    return label == null || index == null ? null : index.persistedVector(label);
  }
}
