package io.tributary.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chroma 1.x's {@code LocalHnswSegmentWriter.apply_log_chunk}, for {@link ChromaStoreFixture}: each
 * chunk (the log rows of one client call) goes straight into hnswlib in memory; labels come from
 * {@code total_elements_added + 1}; once {@code sync_threshold} records came since the last
 * persist, the index is persisted after the chunk with the chunk's largest seq_id. The capacity
 * starts at 10000 and grows to the next power of two. The pickle is serde-pickle's protocol-3 plain
 * dict ({@code dimensionality} None, {@code id_to_seq_id} never filled, {@code max_seq_id} None);
 * {@code max_seq_id} is an INTEGER written outside any transaction.
 */
final class ChromaRustVectorSegment extends ChromaVectorSegment {
  private static final int DEFAULT_MAX_ELEMENTS = 10_000;

  private long lastSeenSeqId;

  ChromaRustVectorSegment(Path dir, boolean cosine, int syncThreshold) {
    super(dir, cosine, syncThreshold, 0);
  }

  @Override
  void write(List<ChromaLogRecord> chunk, MaxSeqIdWriter writer) throws IOException, SQLException {
    if (chunk.isEmpty()) {
      return;
    }
    if (index == null) {
      int dim = -1;
      for (ChromaLogRecord r : chunk) {
        if (r.vector != null) {
          dim = r.vector.length;
          break;
        }
      }
      if (dim < 0) {
        throw new IllegalStateException("the first chunk of a collection carries no vector");
      }
      index = new ChromaHnswIndex(dir, dim, cosine, DEFAULT_MAX_ELEMENTS);
    }
    long next = totalElementsAdded + 1;
    long maxSeqId = 0;
    Map<Long, List<ChromaLogRecord>> byLabel = new LinkedHashMap<>();
    for (ChromaLogRecord r : chunk) {
      if (r.seq <= lastSeenSeqId) {
        continue;
      }
      sinceLastPersist++;
      maxSeqId = Math.max(maxSeqId, r.seq);
      Long existing = idToLabel.get(r.id);
      switch (r.operation) {
        case ChromaLogRecord.ADD -> {
          if (existing == null) {
            requireVector(r);
            idToLabel.put(r.id, next);
            labelToId.put(next, r.id);
            byLabel.computeIfAbsent(next, l -> new ArrayList<>()).add(r);
            next++;
          }
        }
        case ChromaLogRecord.UPDATE -> {
          if (existing != null && r.vector != null) {
            byLabel.computeIfAbsent(existing, l -> new ArrayList<>()).add(r);
          }
        }
        case ChromaLogRecord.DELETE -> {
          if (existing != null) {
            idToLabel.remove(r.id);
            labelToId.remove(existing);
            byLabel.computeIfAbsent(existing, l -> new ArrayList<>()).add(r);
          }
        }
        case ChromaLogRecord.UPSERT -> {
          requireVector(r);
          long label = existing != null ? existing : next;
          idToLabel.put(r.id, label);
          labelToId.put(label, r.id);
          byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(r);
          if (existing == null) {
            next++;
          }
        }
        default -> throw new IllegalArgumentException("operation " + r.operation);
      }
    }
    long length = index.count();
    if (length + byLabel.size() >= index.capacity()) {
      index.resize(Long.highestOneBit(length + byLabel.size() - 1) << 1);
    }
    for (Map.Entry<Long, List<ChromaLogRecord>> e : byLabel.entrySet()) {
      for (ChromaLogRecord r : e.getValue()) {
        if (r.operation == ChromaLogRecord.DELETE) {
          index.markDeleted(e.getKey());
        } else {
          index.addOrUpdate(e.getKey(), r.vector);
        }
      }
    }
    totalElementsAdded = next - 1;
    if (sinceLastPersist >= syncThreshold) {
      persist(maxSeqId, writer);
    }
    lastSeenSeqId = maxSeqId;
  }

  @Override
  void persistNow(MaxSeqIdWriter writer) throws IOException, SQLException {
    if (index == null) {
      return;
    }
    persist(lastSeenSeqId, writer);
  }

  private static void requireVector(ChromaLogRecord r) {
    if (r.vector == null) {
      throw new IllegalArgumentException("an add or upsert without an embedding: " + r.id);
    }
  }

  @Override
  byte[] pickle() {
    return ChromaPickleWriter.serde(
        null, totalElementsAdded, null, idToLabel, labelToId, idToSeqId);
  }
}
