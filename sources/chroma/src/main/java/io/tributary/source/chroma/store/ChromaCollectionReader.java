package io.tributary.source.chroma.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the records of one collection as Chroma holds them now: ids, documents and metadata from
 * its metadata segment ({@code embeddings}, {@code embedding_metadata} and, from Chroma 1.5, {@code
 * embedding_metadata_array}), vectors from its HNSW segment and the embeddings queue ({@link
 * CollectionVectors}). Every read runs inside a read transaction the caller holds on the store's
 * database, so all of it is one consistent state.
 *
 * <p>Chroma 1.x applies a write to the metadata segment in a transaction of its own, just after the
 * one that queued it: until then the metadata segment is behind the queue. {@link #caughtUp} says
 * whether it is; a reader that needs a record as of the queue waits for it.
 */
public final class ChromaCollectionReader implements AutoCloseable {
  private final ChromaStore store;
  private final ChromaCollection collection;
  private final CollectionVectors vectors;

  public ChromaCollectionReader(ChromaStore store, ChromaCollection collection) {
    this.store = store;
    this.collection = collection;
    this.vectors = new CollectionVectors(store.segmentDirectory(collection), collection);
  }

  public ChromaCollection collection() {
    return collection;
  }

  /**
   * A chunk of records in id order.
   *
   * @param records the records read
   * @param last true when no record follows them
   */
  public record Chunk(List<ChromaRecord> records, boolean last) {}

  /**
   * The next records in id order (byte order of the ids, as SQLite compares text).
   *
   * @param afterId the id of the last record delivered; null to start at the first
   * @param limit the most records to read
   */
  public Chunk chunk(Connection connection, String afterId, int limit)
      throws SQLException, IOException {
    vectors.refresh(connection);
    Map<Long, String> rows = new LinkedHashMap<>();
    try (PreparedStatement st =
        connection.prepareStatement(
            afterId == null
                ? ChromaStatementBuilder.firstIds()
                : ChromaStatementBuilder.idsAfter())) {
      int p = 1;
      st.setString(p++, collection.metadataSegment());
      if (afterId != null) {
        st.setString(p++, afterId);
      }
      st.setInt(p, limit);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getLong(1), rs.getString(2));
        }
      }
    }
    return new Chunk(records(connection, rows), rows.size() < limit);
  }

  /** The records of some ids that exist now, by id (an id without a record is absent). */
  public Map<String, ChromaRecord> byIds(Connection connection, Collection<String> ids)
      throws SQLException, IOException {
    vectors.refresh(connection);
    Map<String, ChromaRecord> out = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += BATCH) {
      List<String> part = all.subList(from, Math.min(all.size(), from + BATCH));
      Map<Long, String> rows = new LinkedHashMap<>();
      try (PreparedStatement st =
          connection.prepareStatement(ChromaStatementBuilder.idsIn(part.size()))) {
        st.setString(1, collection.metadataSegment());
        for (int i = 0; i < part.size(); i++) {
          st.setString(i + 2, part.get(i));
        }
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            rows.put(rs.getLong(1), rs.getString(2));
          }
        }
      }
      for (ChromaRecord record : records(connection, rows)) {
        out.put(record.id(), record);
      }
    }
    return out;
  }

  /** The number of records. */
  public long count(Connection connection) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(ChromaStatementBuilder.countRecords())) {
      st.setString(1, collection.metadataSegment());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Whether the metadata segment has applied every record change queued for the collection, so that
   * it shows the collection as the queue does.
   */
  public boolean caughtUp(Connection connection) throws SQLException {
    long queued;
    try (PreparedStatement st = connection.prepareStatement(ChromaStatementBuilder.lastQueued())) {
      st.setString(1, collection.topic());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        queued = rs.getLong(1);
        if (rs.wasNull()) {
          return true;
        }
      }
    }
    try (PreparedStatement st = connection.prepareStatement(ChromaStatementBuilder.maxSeqId())) {
      st.setString(1, collection.metadataSegment());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getObject(1) != null && SeqIds.decode(rs.getObject(1)) >= queued;
      }
    }
  }

  /** Ids per statement, below SQLite's limit of bound parameters. */
  private static final int BATCH = 500;

  /** The records of some metadata-segment rows (rowid to id), in the rows' order. */
  private List<ChromaRecord> records(Connection connection, Map<Long, String> rows)
      throws SQLException {
    Map<Long, Map<String, Object>> metadata = new LinkedHashMap<>();
    rows.keySet().forEach(r -> metadata.put(r, new LinkedHashMap<>()));
    List<Long> rowids = new ArrayList<>(rows.keySet());
    for (int from = 0; from < rowids.size(); from += BATCH) {
      List<Long> part = rowids.subList(from, Math.min(rowids.size(), from + BATCH));
      readMetadata(
          connection, ChromaStatementBuilder.metadataOf(part.size()), part, metadata, false);
      if (store.format().hasMetadataArrays()) {
        readMetadata(
            connection, ChromaStatementBuilder.arrayMetadataOf(part.size()), part, metadata, true);
      }
    }
    List<ChromaRecord> out = new ArrayList<>(rows.size());
    for (Map.Entry<Long, String> row : rows.entrySet()) {
      Map<String, Object> values = metadata.get(row.getKey());
      Object document = values.remove(ChromaStatementBuilder.DOCUMENT_KEY);
      out.add(
          new ChromaRecord(
              row.getValue(),
              document == null ? null : document.toString(),
              values.isEmpty() ? null : MetadataJson.write(sorted(values)),
              vectors.vector(connection, row.getValue())));
    }
    return out;
  }

  private static Map<String, Object> sorted(Map<String, Object> values) {
    return new TreeMap<>(values);
  }

  private static void readMetadata(
      Connection connection,
      String sql,
      List<Long> rowids,
      Map<Long, Map<String, Object>> into,
      boolean arrays)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      for (int i = 0; i < rowids.size(); i++) {
        st.setLong(i + 1, rowids.get(i));
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Object value = TypedValues.read(rs, 3);
          if (value == null) {
            continue;
          }
          Map<String, Object> values = into.get(rs.getLong(1));
          String key = rs.getString(2);
          if (arrays) {
            Object list = values.computeIfAbsent(key, k -> new ArrayList<>());
            if (list instanceof List<?>) {
              @SuppressWarnings("unchecked")
              List<Object> elements = (List<Object>) list;
              elements.add(value);
            }
          } else {
            values.put(key, value);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    vectors.close();
  }
}
