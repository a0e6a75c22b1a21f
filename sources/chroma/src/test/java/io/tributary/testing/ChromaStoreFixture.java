package io.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Writes a ChromaDB persistent directory ({@code chroma.sqlite3} plus one HNSW directory per vector
 * segment) exactly as a running Chroma process writes it, in-memory HNSW state included, for the
 * tests of the Chroma source: 0.6 (Python, 0.5.6–0.6.3) and 1.x (Rust: 1.0–1.2, 1.3–1.4, 1.5+).
 *
 * <p><b>Each write</b> is one {@code embeddings_queue} row per record (topic {@code
 * persistent://default/default/<collection id>}, the vector as little-endian float32 with encoding
 * {@code FLOAT32}, the metadata as JSON with the document under {@code chroma:document}: Python's
 * {@code json.dumps}, NULL when there is neither, in 0.6; serde_json, at least {@code {}}, in 1.x).
 * The metadata segment is applied in the same transaction (0.6) or in a second one right after
 * (1.x). The vector segment is kept in memory and written only when {@code sync_threshold} records
 * accumulated since its last persist (0.6: checked when a batch of {@code batch_size} records is
 * applied), or on {@link #persist}: {@code header.bin}, dirty slots of {@code data_level0.bin},
 * {@code length.bin}, {@code link_lists.bin}, then {@code index_metadata.pickle}, then the vector
 * segment's {@code max_seq_id}. With automatic purge (the default of a fresh store), after each
 * write the collection's queue rows below the smaller {@code max_seq_id} of its two segments are
 * deleted, so after a persist the vectors of older writes live only in the HNSW files. {@link
 * #close} does not flush the in-memory HNSW (Chroma does not either).
 *
 * <p><b>Transactions</b> are short and use plain sqlite-jdbc on the rollback journal (Chroma sets
 * no journal mode) with a 10 s busy timeout, so another process can read the file meanwhile.
 *
 * <p><b>Settings</b> ({@link #syncThreshold}, batch size) apply to collections created afterwards,
 * as Chroma reads them from the collection's configuration: 0.6 records non-default ones as {@code
 * hnsw:sync_threshold} / {@code hnsw:batch_size} collection (and vector segment) metadata, 1.x in
 * the configuration JSON. In 0.6 the batch size is {@code min(100, sync_threshold)}.
 *
 * <p><b>Metadata values</b>: String, Long/Integer (ints), Double/Float (floats), Boolean; in {@link
 * Format#V1_5} also non-empty Lists of one of those (arrays). Non-finite floats are refused.
 */
public final class ChromaStoreFixture implements AutoCloseable {
  /** The on-disk generation to write. */
  public enum Format {
    /**
     * Chroma 0.5.6–0.6.3: migrations sysdb 1-9, metadb 1-4, embeddings_queue 1-2; seq ids as 8-byte
     * big-endian BLOBs; pickle protocol 5 with the PersistentData class.
     */
    V0_6,
    /**
     * Chroma 1.0–1.2: + metadb 5 (INTEGER seq ids), the acquire_write table; pickle protocol 3
     * plain dict; configuration JSON in the 1.x shape.
     */
    V1_0,
    /** Chroma 1.3–1.4: + sysdb 10, the collection schema JSON. */
    V1_3,
    /** Chroma 1.5+: + metadb 6, array metadata values. */
    V1_5
  }

  /** A collection and its two segments. */
  public record Collection(
      String id, String name, String space, String vectorSegment, String metadataSegment) {}

  /** One record: its id, embedding, document (or null) and metadata (or null). */
  @SuppressWarnings("ArrayRecordComponent") // the embedding is compared element-wise by callers
  public record Rec(String id, float[] embedding, String document, Map<String, Object> metadata) {}

  static final String DEFAULT_DATABASE = "00000000-0000-0000-0000-000000000000";
  static final String VECTOR_TYPE = "urn:chroma:segment/vector/hnsw-local-persisted";
  static final String METADATA_TYPE = "urn:chroma:segment/metadata/sqlite";
  private static final int DEFAULT_SYNC_THRESHOLD = 1000;
  private static final int DEFAULT_BATCH_SIZE = 100;

  /** A live record as Chroma returns it: what {@link #expected} is computed from. */
  private static final class Live {
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private String document;
    private float[] vector;
    private long vectorSeq;
  }

  /** What the fixture keeps per collection. */
  private static final class State {
    private final Collection collection;
    private final String topic;
    private final ChromaMetadataSegment metadata;
    private final ChromaVectorSegment vectors;
    private final Map<String, Live> live = new LinkedHashMap<>();

    /** 1.x: log rows not applied yet (the collection had no dimension). */
    private final List<ChromaLogRecord> pending = new ArrayList<>();

    private Integer dimension;

    State(Collection collection, ChromaMetadataSegment metadata, ChromaVectorSegment vectors) {
      this.collection = collection;
      this.topic = "persistent://default/default/" + collection.id();
      this.metadata = metadata;
      this.vectors = vectors;
    }
  }

  /** One client operation on one id. */
  @SuppressWarnings("ArrayRecordComponent") // never compared
  private record Op(
      int operation, String id, float[] vector, String document, Map<String, Object> metadata) {}

  private final Path dir;
  private final Format format;
  private final Connection connection;
  private final Map<String, State> states = new HashMap<>();
  private int syncThreshold = DEFAULT_SYNC_THRESHOLD;
  private boolean automaticallyPurge = true;
  private boolean queueConfigWritten;

  private ChromaStoreFixture(Path dir, Format format, Connection connection) {
    this.dir = dir;
    this.format = format;
    this.connection = connection;
  }

  /**
   * A fresh store in {@code dir} (created if needed; it must not hold a {@code chroma.sqlite3}
   * yet): automatic purge on, sync threshold 1000, batch size 100 (0.6).
   */
  public static ChromaStoreFixture create(Path dir, Format format) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("chroma.sqlite3");
      if (Files.exists(file)) {
        throw new IllegalStateException(file + " exists: the fixture writes fresh stores");
      }
      Properties properties = new Properties();
      properties.setProperty("busy_timeout", "10000");
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
      ChromaStoreFixture fixture = new ChromaStoreFixture(dir, format, connection);
      fixture.transaction(() -> ChromaSchema.create(connection, format));
      if (format != Format.V0_6) {
        // the Rust log creates its config row on start, purging when the queue is empty
        fixture.writeQueueConfig();
      }
      return fixture;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code sync_threshold} of collections created from now on (default 1000). */
  public ChromaStoreFixture syncThreshold(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("sync threshold " + n);
    }
    this.syncThreshold = n;
    return this;
  }

  /** Sets {@code automatically_purge} in {@code embeddings_queue_config} (as a vacuum would). */
  public ChromaStoreFixture automaticallyPurge(boolean on) {
    this.automaticallyPurge = on;
    run(this::writeQueueConfig);
    return this;
  }

  /** The persistent directory. */
  public Path dir() {
    return dir;
  }

  /** The format written. */
  public Format format() {
    return format;
  }

  /**
   * Creates a collection with random UUIDs and its two segments (VECTOR hnsw-local-persisted,
   * METADATA sqlite); the dimension stays NULL until the first embedding. 0.6 records the space as
   * {@code hnsw:space} in the collection's and the vector segment's metadata (its configuration
   * JSON says l2, as Chroma's does when the space comes by metadata); 1.x in {@code
   * config_json_str} (and {@code schema_str} from 1.3), with no segment metadata.
   *
   * @param space "l2", "cosine" or "ip"
   * @param metadata the collection's metadata, or null
   */
  public Collection createCollection(String name, String space, Map<String, Object> metadata) {
    if (!List.of("l2", "cosine", "ip").contains(space)) {
      throw new IllegalArgumentException("space " + space);
    }
    Collection c =
        new Collection(
            UUID.randomUUID().toString(),
            name,
            space,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString());
    Map<String, Object> collectionMetadata = new LinkedHashMap<>();
    if (metadata != null) {
      metadata.forEach((k, v) -> collectionMetadata.put(k, scalar(k, v)));
    }
    int threshold = syncThreshold;
    int batchSize = Math.min(DEFAULT_BATCH_SIZE, threshold);
    Map<String, Object> hnsw = new LinkedHashMap<>();
    boolean python = format == Format.V0_6;
    if (python) {
      hnsw.put("hnsw:space", space);
      if (batchSize != DEFAULT_BATCH_SIZE) {
        hnsw.put("hnsw:batch_size", (long) batchSize);
      }
      if (threshold != DEFAULT_SYNC_THRESHOLD) {
        hnsw.put("hnsw:sync_threshold", (long) threshold);
      }
      collectionMetadata.putAll(hnsw);
    }
    run(
        () ->
            transaction(
                () -> {
                  try (PreparedStatement ps =
                      connection.prepareStatement(
                          (format == Format.V1_3 || format == Format.V1_5)
                              ? "INSERT INTO collections (id, name, dimension, database_id,"
                                  + " config_json_str, schema_str) VALUES (?, ?, NULL, ?, ?, ?)"
                              : "INSERT INTO collections (id, name, dimension, database_id,"
                                  + " config_json_str) VALUES (?, ?, NULL, ?, ?)")) {
                    ps.setString(1, c.id());
                    ps.setString(2, name);
                    ps.setString(3, DEFAULT_DATABASE);
                    ps.setString(4, configJson(space, threshold, batchSize));
                    if ((format == Format.V1_3 || format == Format.V1_5)) {
                      ps.setString(5, schemaJson(space, threshold, batchSize));
                    }
                    ps.executeUpdate();
                  }
                  insertMetadata(
                      "collection_metadata", "collection_id", c.id(), collectionMetadata);
                  insertSegment(c.vectorSegment(), VECTOR_TYPE, "VECTOR", c.id());
                  insertSegment(c.metadataSegment(), METADATA_TYPE, "METADATA", c.id());
                  if (python) {
                    insertMetadata("segment_metadata", "segment_id", c.vectorSegment(), hnsw);
                  }
                }));
    Path segmentDir = dir.resolve(c.vectorSegment());
    boolean cosine = space.equals("cosine");
    ChromaVectorSegment vectors =
        python
            ? new ChromaPythonVectorSegment(segmentDir, cosine, threshold, batchSize)
            : new ChromaRustVectorSegment(segmentDir, cosine, threshold);
    states.put(
        c.id(),
        new State(
            c,
            new ChromaMetadataSegment(c.metadataSegment(), python, format == Format.V1_5),
            vectors));
    return c;
  }

  /** A client {@code add} of one record; returns its seq_id. An existing id is left as it is. */
  public long add(
      Collection c, String id, float[] embedding, String document, Map<String, Object> metadata) {
    return last(submit(c, List.of(op(ChromaLogRecord.ADD, id, embedding, document, metadata))));
  }

  /**
   * A client {@code update}; returns its seq_id. Null arguments leave the embedding, document or
   * metadata as they are; metadata merges, a null value deletes that key. A missing id is a no-op.
   */
  public long update(
      Collection c,
      String id,
      float[] embeddingOrNull,
      String documentOrNull,
      Map<String, Object> metadataOrNull) {
    return last(
        submit(
            c,
            List.of(
                op(ChromaLogRecord.UPDATE, id, embeddingOrNull, documentOrNull, metadataOrNull))));
  }

  /** A client {@code upsert}: an add, or an update (metadata merged) of an existing id. */
  public long upsert(
      Collection c, String id, float[] embedding, String document, Map<String, Object> metadata) {
    return last(submit(c, List.of(op(ChromaLogRecord.UPSERT, id, embedding, document, metadata))));
  }

  /** A client {@code delete} of one id; returns its seq_id. */
  public long delete(Collection c, String id) {
    return last(submit(c, List.of(op(ChromaLogRecord.DELETE, id, null, null, null))));
  }

  /**
   * A client {@code add} of many records: one queue row each, in one call (one transaction in 0.6,
   * one log chunk in 1.x); returns the seq_id of the last.
   */
  public long addBatch(Collection c, List<Rec> records) {
    List<Op> ops = new ArrayList<>();
    for (Rec r : records) {
      ops.add(op(ChromaLogRecord.ADD, r.id(), r.embedding(), r.document(), r.metadata()));
    }
    return last(submit(c, ops));
  }

  /**
   * Persists the collection's HNSW segment now, as reaching {@code sync_threshold} does (0.6: the
   * pending batch is applied first): the files, then the pickle, then {@code max_seq_id}; then the
   * queue is purged as after a write. Nothing happens before the first embedding.
   */
  public void persist(Collection c) {
    State s = state(c);
    run(
        () -> {
          if (format == Format.V0_6) {
            transaction(
                () -> {
                  s.vectors.persistNow(seq -> writeVectorMaxSeqId(s, seq));
                  purge(s);
                });
          } else {
            s.vectors.persistNow(seq -> writeVectorMaxSeqId(s, seq));
            purge(s);
          }
        });
  }

  /**
   * The records as the store holds them now, by id: documents, typed metadata (null when none;
   * String, Long, Double, Boolean; arrays as Lists in 1.5) and embeddings. An embedding whose last
   * write is already in the persisted HNSW files (seq_id at or below the vector segment's {@code
   * max_seq_id}) is what the files give (for cosine {@code stored * norm}, as Chroma's {@code
   * get()} returns it; a stale vector where hnswlib did not persist an update), unless the queue
   * still holds the write (not purged: a reader recovers the original floats); one written after
   * (still in the queue, or only in memory) is the original float32.
   */
  public Map<String, Rec> expected(Collection c) {
    State s = state(c);
    Map<String, Rec> out = new LinkedHashMap<>();
    for (Map.Entry<String, Live> e : s.live.entrySet()) {
      Live l = e.getValue();
      float[] vector;
      if (l.vectorSeq > s.vectors.persistedMaxSeqId()) {
        vector = l.vector.clone();
      } else {
        vector = s.vectors.persistedVector(e.getKey());
        if (vector == null) {
          throw new IllegalStateException("no persisted vector for " + e.getKey());
        }
        if (queueHolds(l.vectorSeq) && close(vector, l.vector)) {
          // a cosine vector stored normalized, whose original the queue still holds
          vector = l.vector.clone();
        }
      }
      Map<String, Object> metadata =
          l.metadata.isEmpty() ? null : Collections.unmodifiableMap(copy(l.metadata));
      out.put(e.getKey(), new Rec(e.getKey(), vector, l.document, metadata));
    }
    return out;
  }

  /** Whether the queue still holds the record of a sequence number (not purged). */
  private boolean queueHolds(long seq) {
    try (PreparedStatement st =
        connection.prepareStatement("SELECT 1 FROM embeddings_queue WHERE seq_id = ?")) {
      st.setLong(1, seq);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same vector up to float32 roundings (a stored cosine vector times its norm). */
  private static boolean close(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i] - b[i]) > 1e-5 * Math.max(1.0, Math.abs(b[i]))) {
        return false;
      }
    }
    return true;
  }

  /** Closes the connection; the in-memory HNSW state is not flushed. */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Op op(
      int operation, String id, float[] vector, String document, Map<String, Object> metadata) {
    if (id == null) {
      throw new IllegalArgumentException("id is null");
    }
    if ((operation == ChromaLogRecord.ADD || operation == ChromaLogRecord.UPSERT)
        && vector == null) {
      throw new IllegalArgumentException("an add or upsert needs an embedding: " + id);
    }
    Map<String, Object> values = null;
    if (metadata != null) {
      values = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : metadata.entrySet()) {
        if (e.getKey().equals(ChromaMetadataSegment.DOCUMENT_KEY)) {
          throw new IllegalArgumentException("chroma:document is the document, not metadata");
        }
        values.put(e.getKey(), e.getValue() == null ? null : value(e.getKey(), e.getValue()));
      }
    }
    return new Op(operation, id, vector == null ? null : vector.clone(), document, values);
  }

  /** A metadata value, normalized to String, Long, Double, Boolean or (1.5) a List of those. */
  private Object value(String key, Object value) {
    if (value instanceof List<?> list) {
      if (format != Format.V1_5) {
        throw new IllegalArgumentException(key + ": array metadata needs Format.V1_5");
      }
      if (list.isEmpty()) {
        throw new IllegalArgumentException(key + ": an empty array");
      }
      List<Object> out = new ArrayList<>();
      for (Object element : list) {
        Object v = scalar(key, element);
        if (!out.isEmpty() && out.get(0).getClass() != v.getClass()) {
          throw new IllegalArgumentException(key + ": an array of mixed types");
        }
        out.add(v);
      }
      return Collections.unmodifiableList(out);
    }
    return scalar(key, value);
  }

  private static Object scalar(String key, Object value) {
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(key + ": a non-finite float");
      }
      return d;
    }
    throw new IllegalArgumentException(
        key + ": not a metadata value: " + (value == null ? "null" : value.getClass()));
  }

  private List<Long> submit(Collection c, List<Op> ops) {
    State s = state(c);
    for (Op op : ops) {
      if (op.vector() == null) {
        continue;
      }
      if (s.dimension == null) {
        s.dimension = op.vector().length;
        Integer dimension = s.dimension;
        run(
            () ->
                transaction(
                    () -> {
                      try (PreparedStatement ps =
                          connection.prepareStatement(
                              "UPDATE collections SET dimension = ? WHERE id = ?")) {
                        ps.setInt(1, dimension);
                        ps.setString(2, c.id());
                        ps.executeUpdate();
                      }
                    }));
      } else if (op.vector().length != s.dimension) {
        throw new IllegalArgumentException(
            "Embedding dimension "
                + op.vector().length
                + " does not match collection dimensionality "
                + s.dimension);
      }
    }
    List<ChromaLogRecord> records = new ArrayList<>();
    run(
        () -> {
          if (format == Format.V0_6) {
            transaction(
                () -> {
                  if (!queueConfigWritten) {
                    writeQueueConfig();
                  }
                  records.addAll(insertQueueRows(s, ops));
                  s.metadata.apply(connection, records);
                  s.vectors.write(records, seq -> writeVectorMaxSeqId(s, seq));
                  purge(s);
                });
          } else {
            transaction(() -> records.addAll(insertQueueRows(s, ops)));
            s.pending.addAll(records);
            if (s.dimension != null) {
              List<ChromaLogRecord> chunk = new ArrayList<>(s.pending);
              s.pending.clear();
              transaction(() -> s.metadata.apply(connection, chunk));
              s.vectors.write(chunk, seq -> writeVectorMaxSeqId(s, seq));
              purge(s);
            }
          }
        });
    List<Long> seqs = new ArrayList<>();
    for (ChromaLogRecord r : records) {
      apply(s, r);
      seqs.add(r.seq);
    }
    return seqs;
  }

  private List<ChromaLogRecord> insertQueueRows(State s, List<Op> ops) throws SQLException {
    List<ChromaLogRecord> records = new ArrayList<>();
    boolean python = format == Format.V0_6;
    try (PreparedStatement ps =
            connection.prepareStatement(
                "INSERT INTO embeddings_queue (operation, topic, id, vector, encoding, metadata)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
        Statement last = connection.createStatement()) {
      for (Op op : ops) {
        ps.setInt(1, op.operation());
        ps.setString(2, s.topic);
        ps.setString(3, op.id());
        if (op.vector() == null) {
          ps.setNull(4, Types.BLOB);
          ps.setNull(5, Types.VARCHAR);
        } else {
          ByteBuffer b =
              ByteBuffer.allocate(op.vector().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
          for (float f : op.vector()) {
            b.putFloat(f);
          }
          ps.setBytes(4, b.array());
          ps.setString(5, "FLOAT32");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (op.metadata() != null) {
          json.putAll(op.metadata());
        }
        if (op.document() != null) {
          json.put(ChromaMetadataSegment.DOCUMENT_KEY, op.document());
        }
        if (python && json.isEmpty()) {
          ps.setNull(6, Types.VARCHAR);
        } else {
          ps.setString(6, (python ? ChromaJson.PYTHON : ChromaJson.RUST).write(json));
        }
        ps.executeUpdate();
        long seq;
        try (ResultSet rs = last.executeQuery("SELECT last_insert_rowid()")) {
          rs.next();
          seq = rs.getLong(1);
        }
        records.add(
            new ChromaLogRecord(
                seq, op.operation(), op.id(), op.vector(), op.metadata(), op.document()));
      }
    }
    return records;
  }

  /** The collection's state as Chroma's get() sees it, after one record. */
  private static void apply(State s, ChromaLogRecord r) {
    Live l = s.live.get(r.id);
    switch (r.operation) {
      case ChromaLogRecord.ADD -> {
        if (l == null) {
          s.live.put(r.id, added(r));
        }
      }
      case ChromaLogRecord.UPDATE -> {
        if (l != null) {
          merge(l, r);
        }
      }
      case ChromaLogRecord.UPSERT -> {
        if (l == null) {
          s.live.put(r.id, added(r));
        } else {
          merge(l, r);
        }
      }
      case ChromaLogRecord.DELETE -> s.live.remove(r.id);
      default -> throw new IllegalArgumentException("operation " + r.operation);
    }
  }

  private static Live added(ChromaLogRecord r) {
    Live l = new Live();
    merge(l, r);
    return l;
  }

  private static void merge(Live l, ChromaLogRecord r) {
    if (r.metadata != null) {
      r.metadata.forEach(
          (k, v) -> {
            if (v == null) {
              l.metadata.remove(k);
            } else {
              l.metadata.put(k, v);
            }
          });
    }
    if (r.document != null) {
      l.document = r.document;
    }
    if (r.vector != null) {
      l.vector = r.vector;
      l.vectorSeq = r.seq;
    }
  }

  private static Map<String, Object> copy(Map<String, Object> metadata) {
    return new LinkedHashMap<>(metadata);
  }

  /** Deletes the collection's queue rows both segments have passed, when purging is on. */
  private void purge(State s) throws SQLException {
    if (!automaticallyPurge) {
      return;
    }
    long bound;
    if (format == Format.V0_6) {
      bound = Long.MAX_VALUE;
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT COALESCE(m.seq_id, -1) FROM segments s LEFT JOIN max_seq_id m"
                  + " ON s.id = m.segment_id WHERE s.collection = ?")) {
        ps.setString(1, s.collection.id());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Object v = rs.getObject(1);
            long seq = v instanceof byte[] b ? ByteBuffer.wrap(b).getLong() : rs.getLong(1);
            bound = Math.min(bound, seq);
          }
        }
      }
      if (bound == Long.MAX_VALUE) {
        return;
      }
    } else {
      if (s.dimension == null) {
        return;
      }
      bound =
          Math.min(
              maxSeqIdOrZero(s.collection.metadataSegment()),
              maxSeqIdOrZero(s.collection.vectorSegment()));
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "DELETE FROM embeddings_queue WHERE seq_id < ? AND topic = ?")) {
      ps.setLong(1, bound);
      ps.setString(2, s.topic);
      ps.executeUpdate();
    }
  }

  private long maxSeqIdOrZero(String segment) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT seq_id FROM max_seq_id WHERE segment_id = ?")) {
      ps.setString(1, segment);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private void writeVectorMaxSeqId(State s, long seq) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO max_seq_id (segment_id, seq_id) VALUES (?, ?)")) {
      ps.setString(1, s.collection.vectorSegment());
      if (format == Format.V0_6) {
        ps.setBytes(2, ChromaMetadataSegment.blobSeqId(seq));
      } else {
        ps.setLong(2, seq);
      }
      ps.executeUpdate();
    }
  }

  private void writeQueueConfig() throws SQLException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("automatically_purge", automaticallyPurge);
    config.put("_type", "EmbeddingsQueueConfigurationInternal");
    ChromaJson json = format == Format.V0_6 ? ChromaJson.PYTHON : ChromaJson.RUST;
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO embeddings_queue_config (id, config_json_str) VALUES (1, ?)")) {
      ps.setString(1, json.write(config));
      ps.executeUpdate();
    }
    queueConfigWritten = true;
  }

  private void insertSegment(String id, String type, String scope, String collection)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO segments (id, type, scope, collection) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, type);
      ps.setString(3, scope);
      ps.setString(4, collection);
      ps.executeUpdate();
    }
  }

  private void insertMetadata(String table, String idColumn, String id, Map<String, Object> values)
      throws SQLException {
    for (Map.Entry<String, Object> e : values.entrySet()) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO "
                  + table
                  + " ("
                  + idColumn
                  + ", key, str_value, int_value, float_value, bool_value)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, e.getKey());
        ps.setNull(3, Types.VARCHAR);
        ps.setNull(4, Types.INTEGER);
        ps.setNull(5, Types.REAL);
        ps.setNull(6, Types.INTEGER);
        Object v = e.getValue();
        if (v instanceof String str) {
          ps.setString(3, str);
        } else if (v instanceof Long l) {
          ps.setLong(4, l);
        } else if (v instanceof Double d) {
          ps.setDouble(5, d);
        } else if (v instanceof Boolean b) {
          ps.setInt(6, b ? 1 : 0);
        }
        ps.executeUpdate();
      }
    }
  }

  /** The configuration JSON: 0.6's default (l2) HNSW configuration, or 1.x's with the space. */
  private String configJson(String space, int threshold, int batchSize) {
    long threads = Runtime.getRuntime().availableProcessors();
    Map<String, Object> hnsw = new LinkedHashMap<>();
    Map<String, Object> config = new LinkedHashMap<>();
    if (format == Format.V0_6) {
      hnsw.put("space", "l2");
      hnsw.put("ef_construction", 100L);
      hnsw.put("ef_search", 100L);
      hnsw.put("num_threads", threads);
      hnsw.put("M", (long) ChromaHnswIndex.M);
      hnsw.put("resize_factor", 1.2);
      hnsw.put("batch_size", (long) DEFAULT_BATCH_SIZE);
      hnsw.put("sync_threshold", (long) DEFAULT_SYNC_THRESHOLD);
      hnsw.put("_type", "HNSWConfigurationInternal");
      config.put("hnsw_configuration", hnsw);
      config.put("_type", "CollectionConfigurationInternal");
      return ChromaJson.PYTHON.write(config);
    }
    hnsw.put("space", space);
    hnsw.put("ef_construction", 100L);
    hnsw.put("ef_search", 100L);
    hnsw.put("max_neighbors", (long) ChromaHnswIndex.M);
    hnsw.put("num_threads", threads);
    hnsw.put("resize_factor", 1.2);
    hnsw.put("sync_threshold", (long) threshold);
    hnsw.put("batch_size", (long) batchSize);
    config.put("vector_index", Map.of("hnsw", hnsw));
    config.put("embedding_function", defaultEmbeddingFunction());
    return ChromaJson.RUST.write(config);
  }

  /** The 1.3+ schema JSON: the space of {@code #embedding} and of the float_list defaults. */
  private String schemaJson(String space, int threshold, int batchSize) {
    Map<String, Object> hnsw = new LinkedHashMap<>();
    hnsw.put("ef_construction", 100L);
    hnsw.put("max_neighbors", (long) ChromaHnswIndex.M);
    hnsw.put("ef_search", 100L);
    hnsw.put("num_threads", (long) Runtime.getRuntime().availableProcessors());
    hnsw.put("batch_size", (long) batchSize);
    hnsw.put("sync_threshold", (long) threshold);
    hnsw.put("resize_factor", 1.2);

    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put(
        "string", ordered("fts_index", index(false), "string_inverted_index", index(true)));
    Map<String, Object> defaultVectorConfig = new LinkedHashMap<>();
    defaultVectorConfig.put("space", space);
    defaultVectorConfig.put("hnsw", hnsw);
    defaults.put(
        "float_list",
        Map.of("vector_index", ordered("enabled", false, "config", defaultVectorConfig)));
    defaults.put(
        "sparse_vector",
        Map.of(
            "sparse_vector_index",
            ordered(
                "enabled",
                false,
                "config",
                ordered("embedding_function", Map.of("type", "unknown"), "bm25", false))));
    defaults.put("int", Map.of("int_inverted_index", index(true)));
    defaults.put("float", Map.of("float_inverted_index", index(true)));
    defaults.put("bool", Map.of("bool_inverted_index", index(true)));

    Map<String, Object> embeddingConfig = new LinkedHashMap<>();
    embeddingConfig.put("space", space);
    embeddingConfig.put("embedding_function", defaultEmbeddingFunction());
    embeddingConfig.put("source_key", "#document");
    embeddingConfig.put("hnsw", hnsw);
    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put(
        "#document",
        Map.of("string", ordered("fts_index", index(true), "string_inverted_index", index(false))));
    keys.put(
        "#embedding",
        Map.of(
            "float_list",
            Map.of("vector_index", ordered("enabled", true, "config", embeddingConfig))));
    return ChromaJson.RUST.write(ordered("defaults", defaults, "keys", keys));
  }

  private static Map<String, Object> defaultEmbeddingFunction() {
    Map<String, Object> ef = new LinkedHashMap<>();
    ef.put("type", "known");
    ef.put("name", "default");
    ef.put("config", Map.of());
    return ef;
  }

  private static Map<String, Object> index(boolean enabled) {
    return ordered("enabled", enabled, "config", Map.of());
  }

  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  private State state(Collection c) {
    State s = states.get(c.id());
    if (s == null) {
      throw new IllegalArgumentException("not a collection of this fixture: " + c);
    }
    return s;
  }

  private static long last(List<Long> seqs) {
    return seqs.get(seqs.size() - 1);
  }

  // ---------------------------------------------------------------------------------------------

  /** A piece of work that reads or writes the store. */
  private interface Work {
    void run() throws SQLException, IOException;
  }

  /** Runs work in one short transaction, rolled back on failure. */
  private void transaction(Work work) throws SQLException, IOException {
    connection.setAutoCommit(false);
    boolean done = false;
    try {
      work.run();
      connection.commit();
      done = true;
    } finally {
      if (!done) {
        connection.rollback();
      }
      connection.setAutoCommit(true);
    }
  }

  private static void run(Work work) {
    try {
      work.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
