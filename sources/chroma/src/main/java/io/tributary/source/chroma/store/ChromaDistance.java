package io.tributary.source.chroma.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The distance a Chroma collection's HNSW index orders its vectors by ({@code hnsw:space}), and
 * pgvector's operator class for the same distance.
 */
public enum ChromaDistance {
  /** Squared Euclidean distance, Chroma's default. */
  L2("vector_l2_ops", "<->"),
  /** Cosine distance: hnswlib stored the vectors normalized, with their norms apart. */
  COSINE("vector_cosine_ops", "<=>"),
  /** Inner product (Chroma's {@code 1 - dot}; pgvector's {@code <#>} is {@code -dot}). */
  IP("vector_ip_ops", "<#>");

  private final String operatorClass;
  private final String operator;

  ChromaDistance(String operatorClass, String operator) {
    this.operatorClass = operatorClass;
    this.operator = operator;
  }

  /** Chroma's spelling: {@code l2}, {@code cosine}, {@code ip}. */
  public String chromaName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** pgvector's operator class for an HNSW index ordered by this distance. */
  public String operatorClass() {
    return operatorClass;
  }

  /** pgvector's distance operator that orders like this distance. */
  public String operator() {
    return operator;
  }

  /** Chroma's spelling read back; empty when it is none of the three. */
  public static Optional<ChromaDistance> fromChromaName(String name) {
    return Arrays.stream(values()).filter(d -> d.chromaName().equals(name)).findFirst();
  }
}
