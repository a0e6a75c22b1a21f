package io.tributary.common.catalog;

import java.util.List;

/**
 * How a declaratively partitioned source table is partitioned, made so in the target: its partition
 * key, and its partitions (sub-partitioned ones with their own key), parents before their
 * partitions. Rows are written to the partitioned table and land in the partition their key routes
 * them to, on both sides.
 *
 * @param by the partition key as PostgreSQL spells it ({@code pg_get_partkeydef}: {@code RANGE
 *     (created_at)}, {@code LIST (region)}, {@code HASH (id)})
 * @param keyColumns the key's columns, by source name (a key with expressions is not kept)
 * @param partitions every partition of the tree, parents first
 */
public record TablePartitioning(String by, List<String> keyColumns, List<Partition> partitions) {
  public TablePartitioning {
    keyColumns = List.copyOf(keyColumns);
    partitions = List.copyOf(partitions);
  }

  /**
   * One partition.
   *
   * @param name its name (made in the partitioned table's target schema)
   * @param parent the partition it is a partition of, null for the partitioned table itself
   * @param bound its bound as PostgreSQL spells it ({@code pg_get_expr(relpartbound)}: {@code FOR
   *     VALUES FROM ('2025-01-01') TO ('2026-01-01')}, {@code DEFAULT})
   * @param by its own partition key when it is partitioned in turn, else null
   */
  public record Partition(String name, String parent, String bound, String by) {}
}
