package io.tributary.source.spi.intake;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep;
import java.util.Optional;

/**
 * Builds the approximate nearest-neighbour index a vector column had in its source, for finalize:
 * pgvector's HNSW with the operator class of the source's distance ({@code l2} → {@code
 * vector_l2_ops}, {@code cosine} → {@code vector_cosine_ops}, {@code l1} → {@code vector_l1_ops},
 * {@code ip} → {@code vector_ip_ops}). pgvector indexes {@code vector} columns of at most {@value
 * #HNSW_MAX_DIMENSIONS} dimensions; wider ones get none (queries still work, by a scan). Builds
 * strings only.
 */
public final class VectorIndexStatementBuilder {
  /** pgvector's largest indexable {@code vector} (HNSW and IVFFlat). */
  public static final int HNSW_MAX_DIMENSIONS = 2000;

  private VectorIndexStatementBuilder() {}

  /**
   * The index of one column, {@code <table>_<column>_hnsw_idx}; empty when the metric has no
   * operator class or the column is too wide to index.
   *
   * @param targetColumn the column's target name
   * @param dimensions its dimensions
   * @param metric the source's distance: {@code l2}, {@code cosine}, {@code l1} or {@code ip}
   */
  public static Optional<FinalizeStep> hnsw(
      TableDef table, String targetColumn, int dimensions, String metric) {
    String opclass =
        switch (metric) {
          case "l2" -> "vector_l2_ops";
          case "cosine" -> "vector_cosine_ops";
          case "l1" -> "vector_l1_ops";
          case "ip" -> "vector_ip_ops";
          default -> null;
        };
    if (opclass == null || dimensions > HNSW_MAX_DIMENSIONS) {
      return Optional.empty();
    }
    String qualified = Identifiers.qualified(table.targetSchema(), table.targetTable());
    return Optional.of(
        new FinalizeStep(
            FinalizeStep.Kind.INDEX,
            qualified,
            "CREATE INDEX IF NOT EXISTS "
                + Identifiers.quote(
                    FinalizeStatementBuilder.name(
                        table.targetTable() + "_" + targetColumn + "_hnsw_idx"))
                + " ON "
                + qualified
                + " USING hnsw ("
                + Identifiers.quote(targetColumn)
                + " "
                + opclass
                + ")",
            null));
  }
}
