package io.tributary.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chroma 0.5.6–0.6.x's {@code PersistentLocalHnswSegment}, for {@link ChromaStoreFixture}: records
 * are buffered in a batch (the brute-force index) and applied to hnswlib every {@code batch_size}
 * records; after a batch is applied, once {@code sync_threshold} records came since the last
 * persist, the index is persisted. Labels are {@code total_elements_added + 1, +2, …} for ids not
 * yet in {@code id_to_label}; {@code total_elements_added} grows by the batch's add count (which,
 * as in Chroma, can count an id deleted and re-added within one batch that keeps its label). The
 * capacity starts at 1000 and grows to {@code max(int((total + n) * 1.2), 1000)}. The pickle is
 * protocol 5 with the {@code PersistentData} class; {@code max_seq_id} is an 8-byte big-endian BLOB
 * written in the caller's transaction.
 */
final class ChromaPythonVectorSegment extends ChromaVectorSegment {
  private static final int DEFAULT_CAPACITY = 1000;
  private static final double RESIZE_FACTOR = 1.2;

  /** Chroma's {@code Batch}: the changes not yet applied to hnswlib. */
  private static final class Batch {
    private final Map<String, ChromaLogRecord> records = new LinkedHashMap<>();
    private final Set<String> deleted = new LinkedHashSet<>();
    private final Set<String> written = new LinkedHashSet<>();
    private final Set<String> upsertAdds = new LinkedHashSet<>();
    private int addCount;

    boolean isDeleted(String id) {
      return deleted.contains(id);
    }

    void apply(ChromaLogRecord r, boolean existsAlready) {
      String id = r.id;
      if (r.operation == ChromaLogRecord.DELETE) {
        if (written.contains(id)) {
          written.remove(id);
          int previous = records.get(id).operation;
          if (previous == ChromaLogRecord.ADD) {
            addCount--;
          } else if (previous == ChromaLogRecord.UPDATE) {
            deleted.add(id);
          } else if (previous == ChromaLogRecord.UPSERT) {
            if (upsertAdds.remove(id)) {
              addCount--;
            } else {
              deleted.add(id);
            }
          }
        } else {
          deleted.add(id);
        }
        records.remove(id);
        return;
      }
      records.put(id, r);
      written.add(id);
      deleted.remove(id);
      if (r.operation == ChromaLogRecord.UPSERT) {
        if (!existsAlready) {
          addCount++;
          upsertAdds.add(id);
        }
      } else if (r.operation == ChromaLogRecord.ADD) {
        addCount++;
      }
    }
  }

  private final int batchSize;
  private Batch batch = new Batch();

  /** Ids in the brute-force index (written in the current batch and not deleted since). */
  private final Set<String> bruteForce = new LinkedHashSet<>();

  private Long dimensionality;
  private long maxSeqId = -1;
  private long sinceLastBatch;

  ChromaPythonVectorSegment(Path dir, boolean cosine, int syncThreshold, int batchSize) {
    super(dir, cosine, syncThreshold, -1);
    this.batchSize = batchSize;
  }

  @Override
  void write(List<ChromaLogRecord> records, MaxSeqIdWriter writer)
      throws IOException, SQLException {
    for (ChromaLogRecord r : records) {
      sinceLastBatch++;
      sinceLastPersist++;
      if (r.vector != null) {
        ensureIndex(records.size(), r.vector.length);
      }
      if (index == null) {
        continue; // nothing was ever added: a delete or update of nothing
      }
      maxSeqId = Math.max(maxSeqId, r.seq);
      boolean inBruteForce = bruteForce.contains(r.id);
      boolean exists = inBruteForce || idToLabel.containsKey(r.id);
      boolean pendingDelete = batch.isDeleted(r.id);
      switch (r.operation) {
        case ChromaLogRecord.DELETE -> {
          if (exists) {
            batch.apply(r, false);
            if (inBruteForce) {
              bruteForce.remove(r.id);
            }
          }
        }
        case ChromaLogRecord.UPDATE -> {
          if (r.vector != null && exists) {
            batch.apply(r, false);
            bruteForce.add(r.id);
          }
        }
        case ChromaLogRecord.ADD -> {
          if (r.vector != null && !(exists && !pendingDelete)) {
            batch.apply(r, !exists);
            bruteForce.add(r.id);
          }
        }
        case ChromaLogRecord.UPSERT -> {
          if (r.vector != null) {
            batch.apply(r, exists);
            bruteForce.add(r.id);
          }
        }
        default -> throw new IllegalArgumentException("operation " + r.operation);
      }
      if (sinceLastBatch >= batchSize) {
        applyBatch();
        if (sinceLastPersist >= syncThreshold) {
          persist(maxSeqId, writer);
        }
        sinceLastBatch = 0;
      }
    }
  }

  @Override
  void persistNow(MaxSeqIdWriter writer) throws IOException, SQLException {
    if (index == null) {
      return;
    }
    applyBatch();
    persist(maxSeqId, writer);
    sinceLastBatch = 0;
  }

  /** LocalHnswSegment._apply_batch, then a fresh batch and brute-force index. */
  private void applyBatch() throws IOException {
    for (String id : new ArrayList<>(batch.deleted)) {
      Long label = idToLabel.get(id);
      if (label == null) {
        continue;
      }
      index.markDeleted(label);
      idToLabel.remove(id);
      labelToId.remove(label);
      idToSeqId.remove(id);
    }
    List<String> written = new ArrayList<>(batch.written);
    if (!written.isEmpty()) {
      ensureIndex(batch.addCount, batch.records.get(written.get(0)).vector.length);
      long next = totalElementsAdded + 1;
      List<Long> labels = new ArrayList<>();
      for (String id : written) {
        Long label = idToLabel.get(id);
        labels.add(label != null ? label : next++);
      }
      for (int i = 0; i < written.size(); i++) {
        index.addOrUpdate(labels.get(i), batch.records.get(written.get(i)).vector);
      }
      for (int i = 0; i < written.size(); i++) {
        String id = written.get(i);
        idToSeqId.put(id, batch.records.get(id).seq);
        idToLabel.put(id, labels.get(i));
        labelToId.put(labels.get(i), id);
      }
      totalElementsAdded += batch.addCount;
    }
    batch = new Batch();
    bruteForce.clear();
  }

  private void ensureIndex(int n, int dim) throws IOException {
    if (index == null) {
      dimensionality = (long) dim;
      index = new ChromaHnswIndex(dir, dim, cosine, DEFAULT_CAPACITY);
    }
    if (totalElementsAdded + n > index.capacity()) {
      long grown = (long) Math.floor((totalElementsAdded + n) * RESIZE_FACTOR);
      index.resize(Math.max(grown, DEFAULT_CAPACITY));
    }
  }

  @Override
  byte[] pickle() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("dimensionality", dimensionality);
    state.put("total_elements_added", totalElementsAdded);
    state.put("id_to_label", idToLabel);
    state.put("label_to_id", labelToId);
    state.put("id_to_seq_id", idToSeqId);
    return ChromaPickleWriter.python(state);
  }
}
