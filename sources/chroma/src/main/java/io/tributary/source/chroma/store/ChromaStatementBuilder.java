package io.tributary.source.chroma.store;

import java.util.Collections;

/**
 * The SQL Tributary reads a Chroma store's {@code chroma.sqlite3} with (no I/O here). Every
 * statement only reads; names are Chroma's own tables and columns.
 */
public final class ChromaStatementBuilder {
  /** The embeddings queue's topic of a collection is this followed by its id. */
  public static final String TOPIC_PREFIX = "persistent://default/default/";

  /** Chroma's segment scopes and types. */
  static final String VECTOR_SCOPE = "VECTOR";

  static final String METADATA_SCOPE = "METADATA";
  static final String PERSISTED_HNSW = "urn:chroma:segment/vector/hnsw-local-persisted";

  /** The metadata key that holds a record's document. */
  static final String DOCUMENT_KEY = "chroma:document";

  private ChromaStatementBuilder() {}

  static String tableExists() {
    return "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?";
  }

  /** The highest migration of each directory: dir, version. */
  static String migrations() {
    return "SELECT dir, max(version) FROM migrations GROUP BY dir";
  }

  /**
   * Every collection with its database: id, name, dimension, database, tenant, configuration (the
   * schema when the format has one, else the configuration JSON, else null).
   */
  static String collections(ChromaFormat format) {
    String configuration =
        format.hasCollectionSchema()
            ? "coalesce(c.schema_str, c.config_json_str)"
            : format.hasCollectionConfig() ? "c.config_json_str" : "NULL";
    return "SELECT c.id, c.name, c.dimension, d.name, d.tenant_id, "
        + configuration
        + " FROM collections c LEFT JOIN databases d ON d.id = c.database_id ORDER BY c.name, c.id";
  }

  /** A collection's segments: id, scope, type. Parameter: the collection id. */
  static String segments() {
    return "SELECT id, scope, type FROM segments WHERE collection = ? ORDER BY scope, id";
  }

  /** Typed metadata of a collection: key, str, int, float, bool. Parameter: collection id. */
  static String collectionMetadata() {
    return "SELECT key, str_value, int_value, float_value, bool_value FROM collection_metadata"
        + " WHERE collection_id = ? ORDER BY key";
  }

  /** Typed metadata of a segment: key, str, int, float, bool. Parameter: segment id. */
  static String segmentMetadata() {
    return "SELECT key, str_value, int_value, float_value, bool_value FROM segment_metadata"
        + " WHERE segment_id = ? ORDER BY key";
  }

  /**
   * A segment's progress through the queue: the sequence number, raw (an 8-byte big-endian BLOB
   * from Chroma 0.5/0.6, an INTEGER from 1.x). Parameter: segment id.
   */
  public static String maxSeqId() {
    return "SELECT seq_id FROM max_seq_id WHERE segment_id = ?";
  }

  /**
   * The highest queue sequence number of a topic's record changes (not Chroma 1.4's backfill
   * markers), null if none. Parameter: the topic.
   */
  public static String lastQueued() {
    return "SELECT max(seq_id) FROM embeddings_queue WHERE topic = ? AND operation <= 3";
  }

  /**
   * The queue's records of a topic after a sequence number, oldest first: seq_id, operation, id,
   * vector, encoding. Parameters: sequence number, topic.
   */
  static String queueAfter() {
    return "SELECT seq_id, operation, id, vector, encoding FROM embeddings_queue"
        + " WHERE seq_id > ? AND topic = ? ORDER BY seq_id";
  }

  /**
   * The queue's records of a topic up to a sequence number that wrote a vector (adds, updates,
   * upserts), oldest first: seq_id, id. Parameters: topic, sequence number.
   */
  static String vectorWritesUpTo() {
    return "SELECT seq_id, id FROM embeddings_queue WHERE topic = ? AND seq_id <= ?"
        + " AND operation <= 2 AND vector IS NOT NULL ORDER BY seq_id";
  }

  /** One queued record's vector: vector, encoding. Parameter: seq_id. */
  static String queuedVector() {
    return "SELECT vector, encoding FROM embeddings_queue WHERE seq_id = ?";
  }

  /**
   * The next records of a metadata segment in id order: rowid, id. Parameters: segment, the id to
   * start after, limit.
   */
  static String idsAfter() {
    return "SELECT id, embedding_id FROM embeddings WHERE segment_id = ? AND embedding_id > ?"
        + " ORDER BY embedding_id LIMIT ?";
  }

  /** As {@link #idsAfter}, from the first. Parameters: segment, limit. */
  static String firstIds() {
    return "SELECT id, embedding_id FROM embeddings WHERE segment_id = ?"
        + " ORDER BY embedding_id LIMIT ?";
  }

  /** The records of some ids: rowid, id. Parameters: segment, then {@code count} ids. */
  static String idsIn(int count) {
    return "SELECT id, embedding_id FROM embeddings WHERE segment_id = ? AND embedding_id IN ("
        + placeholders(count)
        + ")";
  }

  /** Every record of a metadata segment: count. Parameter: segment. */
  static String countRecords() {
    return "SELECT count(*) FROM embeddings WHERE segment_id = ?";
  }

  /**
   * The metadata of some records: rowid, key, string, int, float, bool. Parameters: {@code count}
   * embeddings rowids.
   */
  static String metadataOf(int count) {
    return "SELECT id, key, string_value, int_value, float_value, bool_value"
        + " FROM embedding_metadata WHERE id IN ("
        + placeholders(count)
        + ") ORDER BY id, key";
  }

  /**
   * The array metadata of some records (Chroma 1.5): rowid, key, string, int, float, bool, one row
   * per element in insertion order. Parameters: {@code count} embeddings rowids.
   */
  static String arrayMetadataOf(int count) {
    return "SELECT id, key, string_value, int_value, float_value, bool_value"
        + " FROM embedding_metadata_array WHERE id IN ("
        + placeholders(count)
        + ") ORDER BY id, key, rowid";
  }

  /** {@code embeddings_queue_config}: its JSON. */
  static String queueConfig() {
    return "SELECT config_json_str FROM embeddings_queue_config WHERE id = 1";
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
