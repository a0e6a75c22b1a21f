package io.tributary.source.chroma.store;

/**
 * The format of a Chroma store, as the newest Chroma that opened it left it: the highest migration
 * of each of Chroma's three migration directories ({@code sysdb}, {@code metadb}, {@code
 * embeddings_queue}) in its {@code migrations} table. Chroma migrates a store in place when it
 * opens it, so the format says which Chroma last opened the store, not which created it; data
 * written by older versions (8-byte sequence numbers, pickled id maps) stays next to newer data.
 *
 * @param sysdb the highest {@code sysdb} migration
 * @param metadb the highest {@code metadb} migration
 * @param queue the highest {@code embeddings_queue} migration
 * @param rust whether Chroma 1.x (the Rust core) opened it: it creates {@code acquire_write}
 */
public record ChromaFormat(int sysdb, int metadb, int queue, boolean rust) {
  /** The oldest store this version reads: Chroma 0.5.0 (sysdb 5, metadb 3, queue 1). */
  static final ChromaFormat OLDEST = new ChromaFormat(5, 3, 1, false);

  /** The newest store this version reads: Chroma 1.5 (sysdb 10, metadb 6, queue 2). */
  static final ChromaFormat NEWEST = new ChromaFormat(10, 6, 2, true);

  /** Whether this version reads stores of this format. */
  public boolean readable() {
    return sysdb >= OLDEST.sysdb
        && metadb >= OLDEST.metadb
        && queue >= OLDEST.queue
        && sysdb <= NEWEST.sysdb
        && metadb <= NEWEST.metadb
        && queue <= NEWEST.queue;
  }

  /** Whether this format is newer than this version knows. */
  public boolean newerThanKnown() {
    return sysdb > NEWEST.sysdb || metadb > NEWEST.metadb || queue > NEWEST.queue;
  }

  /** Collections carry {@code config_json_str} (sysdb 7, Chroma 0.5.4). */
  public boolean hasCollectionConfig() {
    return sysdb >= 7;
  }

  /** Collections carry {@code schema_str} (sysdb 10, Chroma 1.3). */
  public boolean hasCollectionSchema() {
    return sysdb >= 10;
  }

  /** Metadata may hold arrays, in {@code embedding_metadata_array} (metadb 6, Chroma 1.5). */
  public boolean hasMetadataArrays() {
    return metadb >= 6;
  }

  /** {@code embeddings_queue_config} exists (queue 2, Chroma 0.5.6): the log may be purged. */
  public boolean hasQueueConfig() {
    return queue >= 2;
  }

  /** The Chroma releases that write this format, for messages. */
  public String releases() {
    String known =
        switch (sysdb + "," + metadb + "," + queue) {
          case "5,3,1" -> "0.5.0";
          case "6,3,1" -> "0.5.1-0.5.3";
          case "7,3,1" -> "0.5.4-0.5.5";
          case "9,4,2" -> "0.5.6-0.6.3";
          case "9,5,2" -> "1.0-1.2";
          case "10,5,2" -> "1.3-1.4";
          case "10,6,2" -> "1.5";
          default -> null;
        };
    return known != null ? "Chroma " + known : "an unknown Chroma release";
  }

  @Override
  public String toString() {
    return releases()
        + " (migrations sysdb "
        + sysdb
        + ", metadb "
        + metadb
        + ", embeddings_queue "
        + queue
        + ")";
  }
}
