package io.tributary.source.chroma.store;

/** The operations of Chroma's embeddings queue ({@code embeddings_queue.operation}). */
public enum QueueOperation {
  ADD,
  UPDATE,
  UPSERT,
  DELETE;

  /**
   * The operation of a queue code; null for codes that change no record (Chroma 1.4's 4, a function
   * backfill marker).
   */
  public static QueueOperation of(int code) {
    return switch (code) {
      case 0 -> ADD;
      case 1 -> UPDATE;
      case 2 -> UPSERT;
      case 3 -> DELETE;
      default -> null;
    };
  }
}
