package io.tributary.testing;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chroma's SQLite metadata segment writer, for {@link ChromaStoreFixture}: applies log records to
 * {@code embeddings}, {@code embedding_metadata} (the document too, under {@code chroma:document}),
 * {@code embedding_metadata_array} (1.5), {@code embedding_fulltext_search} and the segment's
 * {@code max_seq_id}, with Chroma's semantics: ADD of an existing id does nothing, UPDATE of a
 * missing id does nothing, UPDATE merges metadata (a null value removes the key), UPSERT adds or
 * updates, DELETE removes the record, its metadata and its document. The 0.6 writer (Python) stores
 * seq ids as 8-byte big-endian BLOBs and uses INSERT OR REPLACE; the 1.x writer (Rust) stores
 * INTEGERs and uses upserts. Runs in the caller's transaction.
 */
final class ChromaMetadataSegment {
  static final String DOCUMENT_KEY = "chroma:document";

  private final String segmentId;
  private final boolean python;
  private final boolean arrays;

  ChromaMetadataSegment(String segmentId, boolean python, boolean arrays) {
    this.segmentId = segmentId;
    this.python = python;
    this.arrays = arrays;
  }

  /** An 8-byte big-endian BLOB, Chroma 0.5/0.6's encoding of seq ids. */
  static byte[] blobSeqId(long seq) {
    return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
  }

  /** Applies records in order, then sets the segment's {@code max_seq_id}. */
  void apply(Connection c, List<ChromaLogRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    long max = Long.MIN_VALUE;
    for (ChromaLogRecord r : records) {
      max = python ? r.seq : Math.max(max, r.seq);
      Map<String, Object> metadata = withDocument(r);
      switch (r.operation) {
        case ChromaLogRecord.ADD -> {
          Long id = insert(c, r);
          if (id != null && metadata != null) {
            writeMetadata(c, id, metadata, r.document);
          }
        }
        case ChromaLogRecord.UPDATE -> {
          Long id = update(c, r);
          if (id != null && metadata != null) {
            writeMetadata(c, id, metadata, r.document);
          }
        }
        case ChromaLogRecord.UPSERT -> {
          Long id = insert(c, r);
          if (id == null) {
            id = update(c, r);
          }
          if (metadata != null) {
            writeMetadata(c, id, metadata, r.document);
          }
        }
        case ChromaLogRecord.DELETE -> delete(c, r);
        default -> throw new IllegalArgumentException("operation " + r.operation);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            python
                ? "INSERT OR REPLACE INTO max_seq_id (segment_id, seq_id) VALUES (?, ?)"
                : "INSERT INTO max_seq_id (segment_id, seq_id) VALUES (?, ?)"
                    + " ON CONFLICT (segment_id) DO UPDATE SET seq_id = excluded.seq_id")) {
      ps.setString(1, segmentId);
      setSeqId(ps, 2, max);
      ps.executeUpdate();
    }
  }

  /** The metadata with the document merged in; null when there is neither. */
  private static Map<String, Object> withDocument(ChromaLogRecord r) {
    if ((r.metadata == null || r.metadata.isEmpty()) && r.document == null) {
      return null;
    }
    Map<String, Object> all = new LinkedHashMap<>();
    if (r.metadata != null) {
      all.putAll(r.metadata);
    }
    if (r.document != null) {
      all.put(DOCUMENT_KEY, r.document);
    }
    return all;
  }

  /** Inserts the embeddings row; null when the id exists already. */
  private Long insert(Connection c, ChromaLogRecord r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO embeddings (segment_id, embedding_id, seq_id) VALUES (?, ?, ?)"
                + " ON CONFLICT (segment_id, embedding_id) DO NOTHING RETURNING id")) {
      ps.setString(1, segmentId);
      ps.setString(2, r.id);
      setSeqId(ps, 3, r.seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** Sets the seq_id of an existing row; null when the id does not exist. */
  private Long update(Connection c, ChromaLogRecord r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE embeddings SET seq_id = ? WHERE segment_id = ? AND embedding_id = ?"
                + " RETURNING id")) {
      setSeqId(ps, 1, r.seq);
      ps.setString(2, segmentId);
      ps.setString(3, r.id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private void delete(Connection c, ChromaLogRecord r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM embedding_fulltext_search WHERE rowid IN (SELECT id FROM embeddings"
                + " WHERE segment_id = ? AND embedding_id = ?)")) {
      ps.setString(1, segmentId);
      ps.setString(2, r.id);
      ps.executeUpdate();
    }
    Long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM embeddings WHERE segment_id = ? AND embedding_id = ? RETURNING id")) {
      ps.setString(1, segmentId);
      ps.setString(2, r.id);
      try (ResultSet rs = ps.executeQuery()) {
        id = rs.next() ? rs.getLong(1) : null;
      }
    }
    if (id == null) {
      return;
    }
    execute(c, "DELETE FROM embedding_metadata WHERE id = ?", id);
    if (arrays) {
      execute(c, "DELETE FROM embedding_metadata_array WHERE id = ?", id);
    }
  }

  private void writeMetadata(Connection c, long id, Map<String, Object> metadata, String document)
      throws SQLException {
    Map<String, Object> scalars = new LinkedHashMap<>();
    Map<String, List<?>> lists = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      if (e.getValue() == null) {
        removed.add(e.getKey());
      } else if (e.getValue() instanceof List<?> list) {
        lists.put(e.getKey(), list);
        removed.add(e.getKey()); // a key becoming an array leaves the scalar table
      } else {
        scalars.put(e.getKey(), e.getValue());
      }
    }
    for (String key : removed) {
      execute(c, "DELETE FROM embedding_metadata WHERE id = ? AND key = ?", id, key);
    }
    for (Map.Entry<String, Object> e : scalars.entrySet()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              python
                  ? "INSERT OR REPLACE INTO embedding_metadata (id, key, string_value, int_value,"
                      + " float_value, bool_value) VALUES (?, ?, ?, ?, ?, ?)"
                  : "INSERT INTO embedding_metadata (id, key, string_value, int_value,"
                      + " float_value, bool_value) VALUES (?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (id, key) DO UPDATE SET string_value = excluded.string_value,"
                      + " int_value = excluded.int_value, float_value = excluded.float_value,"
                      + " bool_value = excluded.bool_value")) {
        ps.setLong(1, id);
        ps.setString(2, e.getKey());
        setTyped(ps, 3, e.getValue());
        ps.executeUpdate();
      }
    }
    if (arrays) {
      // keys that are scalars now, removed or arrays lose their old array rows
      List<String> stale = new ArrayList<>(removed);
      stale.addAll(scalars.keySet());
      for (String key : stale) {
        execute(c, "DELETE FROM embedding_metadata_array WHERE id = ? AND key = ?", id, key);
      }
      for (Map.Entry<String, List<?>> e : lists.entrySet()) {
        for (Object element : e.getValue()) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO embedding_metadata_array (id, key, string_value, int_value,"
                      + " float_value, bool_value) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, e.getKey());
            setTyped(ps, 3, element);
            ps.executeUpdate();
          }
        }
      }
    }
    if (metadata.containsKey(DOCUMENT_KEY) && document != null) {
      execute(c, "DELETE FROM embedding_fulltext_search WHERE rowid = ?", id);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO embedding_fulltext_search (rowid, string_value) VALUES (?, ?)")) {
        ps.setLong(1, id);
        ps.setString(2, document);
        ps.executeUpdate();
      }
    }
  }

  /** Binds a typed value to the four columns string, int, float, bool starting at {@code at}. */
  private static void setTyped(PreparedStatement ps, int at, Object value) throws SQLException {
    ps.setNull(at, Types.VARCHAR);
    ps.setNull(at + 1, Types.INTEGER);
    ps.setNull(at + 2, Types.REAL);
    ps.setNull(at + 3, Types.INTEGER);
    if (value instanceof String s) {
      ps.setString(at, s);
    } else if (value instanceof Boolean b) {
      ps.setInt(at + 3, b ? 1 : 0);
    } else if (value instanceof Long l) {
      ps.setLong(at + 1, l);
    } else if (value instanceof Double d) {
      ps.setDouble(at + 2, d);
    } else {
      throw new IllegalArgumentException("not a metadata value: " + value);
    }
  }

  private void setSeqId(PreparedStatement ps, int index, long seq) throws SQLException {
    if (python) {
      ps.setBytes(index, blobSeqId(seq));
    } else {
      ps.setLong(index, seq);
    }
  }

  private static void execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
