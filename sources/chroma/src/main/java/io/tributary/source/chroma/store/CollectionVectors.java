package io.tributary.source.chroma.store;

import io.tributary.source.chroma.hnsw.HnswSegment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vectors of one collection as Chroma holds them now: its HNSW segment as last persisted (at
 * the segment's {@code max_seq_id}), overlaid with the embeddings queue's records after it,
 * replayed in order with Chroma's own rules (an add of an existing id changes nothing, an update of
 * a missing one neither, an upsert sets, a delete removes). Chroma never purges a queue record its
 * HNSW segment has not persisted, so the two together are complete.
 *
 * <p>Kept between reads: the segment is reopened only when Chroma persisted it again, and only the
 * queue records added since the last read are replayed. Every method is called inside a read
 * transaction of the store's database, so the queue and the sequence numbers are read together.
 * Chroma writes the segment's files before it moves {@code max_seq_id}, so the files can be ahead
 * of it, never behind; replaying the queue after it over them ends in the same state.
 */
final class CollectionVectors implements AutoCloseable {
  /** A deleted id in the overlay. */
  private static final float[] DELETED = new float[0];

  private final Path segmentDirectory;
  private final ChromaCollection collection;
  private HnswSegment segment;
  private long recordedAt = Long.MIN_VALUE;
  private String pickleStampAt = "";
  private long replayedTo;
  private final Map<String, float[]> overlay = new HashMap<>();
  private final Map<String, List<Long>> retained = new HashMap<>();

  CollectionVectors(Path segmentDirectory, ChromaCollection collection) {
    this.segmentDirectory = segmentDirectory;
    this.collection = collection;
  }

  /**
   * Brings the state up to the store as the current read transaction sees it.
   *
   * @throws IOException when the segment's files cannot be read (a persist in progress: try again)
   */
  void refresh(Connection connection) throws SQLException, IOException {
    long recorded = persistedSeqId(connection);
    // before Chroma 0.5.6 the position lives in the segment's pickle: a new pickle, a new position
    String stamp = recorded == Long.MIN_VALUE ? pickleStamp() : "";
    if (segment == null || recorded != recordedAt || !stamp.equals(pickleStampAt)) {
      long persisted = recorded;
      HnswSegment opened =
          HnswSegment.open(
              segmentDirectory,
              collection.dimension(),
              collection.distance() == ChromaDistance.COSINE);
      if (persisted == Long.MIN_VALUE) {
        persisted = opened.pickleMaxSeqId().orElse(-1);
      }
      close();
      segment = opened;
      recordedAt = recorded;
      pickleStampAt = stamp;
      replayedTo = persisted;
      overlay.clear();
      retained.clear();
      if (collection.distance() == ChromaDistance.COSINE && !opened.isEmpty()) {
        findRetained(connection, persisted);
      }
    }
    replayQueue(connection);
  }

  /**
   * The queue's records at or before the persisted position that wrote a vector, by id, oldest
   * first: while capture holds Chroma's purge back, they still carry the original floats of vectors
   * the HNSW files hold normalized.
   */
  private void findRetained(Connection connection, long persisted) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(ChromaStatementBuilder.vectorWritesUpTo())) {
      st.setString(1, collection.topic());
      st.setLong(2, persisted);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          retained.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getLong(1));
        }
      }
    }
  }

  /** When and how large the segment's pickle was last written ("" when it has none). */
  private String pickleStamp() {
    try {
      Path pickle = segmentDirectory.resolve(HnswSegment.PICKLE_FILE);
      return Files.getLastModifiedTime(pickle).toMillis() + "/" + Files.size(pickle);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The vector of an id, null when the collection has none for it: from the queue when it was
   * written after the segment was persisted; else from the segment's files, where a cosine vector
   * is stored normalized, with its norm apart. Such a vector is the original float32 when a record
   * the queue still holds wrote it (the newest one whose floats, normalized, are the stored ones:
   * an add of an id that existed wrote nothing), else the stored floats times the norm, as Chroma's
   * {@code get()} returns it.
   */
  float[] vector(Connection connection, String id) throws SQLException {
    float[] overlaid = overlay.get(id);
    if (overlaid != null) {
      return overlaid == DELETED ? null : overlaid;
    }
    try {
      List<Long> writes = retained.get(id);
      if (writes == null) {
        return segment.vector(id);
      }
      HnswSegment.Stored stored = segment.stored(id);
      if (stored == null) {
        return null;
      }
      for (int i = writes.size() - 1; i >= 0; i--) {
        float[] original = queuedVector(connection, writes.get(i));
        if (original != null && NormalizedVectors.sameDirectionAndNorm(original, stored)) {
          return original;
        }
      }
      return segment.vector(id);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the vector of '" + id + "' from " + segmentDirectory + ": " + e.getMessage(),
          e);
    }
  }

  private float[] queuedVector(Connection connection, long seq) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(ChromaStatementBuilder.queuedVector())) {
      st.setLong(1, seq);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next() || rs.getBytes(1) == null) {
          return null; // purged meanwhile
        }
        return vector(rs.getBytes(1), rs.getString(2), seq);
      }
    }
  }

  /** The queue position the state holds every record up to. */
  long position() {
    return replayedTo;
  }

  private boolean exists(String id) {
    float[] overlaid = overlay.get(id);
    return overlaid != null ? overlaid != DELETED : segment.contains(id);
  }

  private void replayQueue(Connection connection) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(ChromaStatementBuilder.queueAfter())) {
      st.setLong(1, replayedTo);
      st.setString(2, collection.topic());
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          QueueOperation op = QueueOperation.of(rs.getInt(2));
          String id = rs.getString(3);
          byte[] blob = rs.getBytes(4);
          String encoding = rs.getString(5);
          replayedTo = seq;
          if (op == null) {
            continue;
          }
          float[] vector = blob == null ? null : vector(blob, encoding, seq);
          apply(op, id, vector);
        }
      }
    }
  }

  private void apply(QueueOperation op, String id, float[] vector) {
    switch (op) {
      case ADD -> {
        if (vector != null && !exists(id)) {
          overlay.put(id, vector);
        }
      }
      case UPDATE -> {
        if (vector != null && exists(id)) {
          overlay.put(id, vector);
        }
      }
      case UPSERT -> {
        if (vector != null) {
          overlay.put(id, vector);
        }
      }
      case DELETE -> overlay.put(id, DELETED);
    }
  }

  private float[] vector(byte[] blob, String encoding, long seq) {
    if (encoding != null && !"FLOAT32".equalsIgnoreCase(encoding)) {
      throw new IllegalStateException(
          "queue record "
              + seq
              + " of collection '"
              + collection.name()
              + "' holds a vector encoded as "
              + encoding
              + "; Chroma writes FLOAT32");
    }
    return Float32Blob.decode(blob);
  }

  /**
   * The vector segment's {@code max_seq_id}; {@link Long#MIN_VALUE} when it has none (before Chroma
   * 0.5.6 it was kept in the segment's pickle).
   */
  private long persistedSeqId(Connection connection) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(ChromaStatementBuilder.maxSeqId())) {
      st.setString(1, collection.vectorSegment());
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next() && rs.getObject(1) != null) {
          return SeqIds.decode(rs.getObject(1));
        }
      }
    }
    return Long.MIN_VALUE;
  }

  @Override
  public void close() {
    if (segment != null) {
      try {
        segment.close();
      } catch (IOException e) {
        // read-only files: nothing is lost by a failed close
      }
      segment = null;
    }
  }
}
