package io.tributary.source.chroma.store;

import java.util.Map;

/**
 * One collection of a Chroma store.
 *
 * @param id its UUID ({@code collections.id}); the embeddings queue's topic ends with it
 * @param name its name, unique in its database
 * @param database the name of its Chroma database ({@code default_database} unless the application
 *     made others)
 * @param tenant its tenant ({@code default_tenant})
 * @param dimension its vectors' dimension; null until the first add
 * @param distance the distance its HNSW index orders by
 * @param metadata its own metadata, typed as Chroma stores it (String, Long, Double, Boolean)
 * @param configuration its configuration as Chroma recorded it (JSON of {@code config_json_str} or,
 *     from Chroma 1.3, {@code schema_str}; null when it has none), kept as is
 * @param vectorSegment the id of its HNSW segment (its directory in the store)
 * @param metadataSegment the id of its metadata segment (rows in {@code embeddings})
 */
public record ChromaCollection(
    String id,
    String name,
    String database,
    String tenant,
    Integer dimension,
    ChromaDistance distance,
    Map<String, Object> metadata,
    String configuration,
    String vectorSegment,
    String metadataSegment) {
  public ChromaCollection {
    metadata = Map.copyOf(metadata);
  }

  /** The embeddings queue's topic of its records. */
  public String topic() {
    return ChromaStatementBuilder.TOPIC_PREFIX + id;
  }
}
