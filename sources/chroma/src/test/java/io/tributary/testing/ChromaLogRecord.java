package io.tributary.testing;

import java.util.Map;

/**
 * One {@code embeddings_queue} row as Chroma's segments consume it, for {@link ChromaStoreFixture}:
 * the seq_id (log offset), the operation code, the id, the vector (or null), the metadata given
 * (values may be null: "remove this key") and the document (or null).
 */
final class ChromaLogRecord {
  static final int ADD = 0;
  static final int UPDATE = 1;
  static final int UPSERT = 2;
  static final int DELETE = 3;

  final long seq;
  final int operation;
  final String id;
  final float[] vector;
  final Map<String, Object> metadata;
  final String document;

  ChromaLogRecord(
      long seq,
      int operation,
      String id,
      float[] vector,
      Map<String, Object> metadata,
      String document) {
    this.seq = seq;
    this.operation = operation;
    this.id = id;
    this.vector = vector;
    this.metadata = metadata;
    this.document = document;
  }
}
