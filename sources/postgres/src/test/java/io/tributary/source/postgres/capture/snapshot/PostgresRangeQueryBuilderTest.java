package io.tributary.source.postgres.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.source.postgres.catalog.PostgresColumnTypes.ColumnType;
import io.tributary.source.postgres.catalog.PostgresType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresRangeQueryBuilderTest {
  @Test
  void aRangeIsCopiedFromTheTableAloneWithEveryIdentifierQuoted() {
    PassthroughPlan plan =
        PassthroughPlan.of(
            SnapshotTables.TABLE, SnapshotTables.SOURCE_TYPES, true, SnapshotTables::targetOid);

    assertThat(PostgresRangeQueryBuilder.copy(plan, new CtidRange(1024, 2048), false))
        .isEqualTo(
            "COPY (SELECT \"id\"::text, \"name\", \"moods\", \"span\"::text, \"qty\"::text,"
                + " \"id\"::text FROM ONLY \"app\".\"items\""
                + " WHERE ctid >= '(1024,0)'::tid AND ctid < '(2048,0)'::tid)"
                + " TO STDOUT (FORMAT binary)");
    assertThat(PostgresRangeQueryBuilder.copy(plan, new CtidRange(2048, CtidRange.OPEN), false))
        .endsWith(
            "FROM ONLY \"app\".\"items\" WHERE ctid >= '(2048,0)'::tid) TO STDOUT (FORMAT binary)");
    assertThat(PostgresRangeQueryBuilder.copy(plan, new CtidRange(0, CtidRange.OPEN), true))
        .as("a partitioned table is read through its partitions")
        .endsWith(" FROM \"app\".\"items\") TO STDOUT (FORMAT binary)");
  }

  @Test
  void namesThatNeedQuotingAreQuoted() {
    TableDef table =
        new TableDef(
            "src",
            "Legacy",
            "order",
            "tgt",
            "order",
            "t",
            List.of(new ColumnDef("select", "int", "select", TargetType.INTEGER, 1, false)));
    PassthroughPlan plan =
        PassthroughPlan.of(
            table,
            Map.of("select", new ColumnType(PostgresType.builtin("int4"), -1)),
            true,
            t -> 0);

    assertThat(PostgresRangeQueryBuilder.copy(plan, new CtidRange(0, 8), false))
        .isEqualTo(
            "COPY (SELECT \"select\" FROM ONLY \"Legacy\".\"order\" WHERE ctid >= '(0,0)'::tid"
                + " AND ctid < '(8,0)'::tid) TO STDOUT (FORMAT binary)");
    assertThat(PostgresRangeQueryBuilder.blocks(table))
        .isEqualTo(
            "SELECT greatest(pg_relation_size(c.oid), (SELECT max(pg_relation_size(p.relid))"
                + " FROM pg_partition_tree(c.oid) p WHERE p.isleaf))"
                + " / current_setting('block_size')::bigint, c.relkind = 'p'"
                + " FROM pg_class c WHERE c.oid = '\"Legacy\".\"order\"'::regclass");
    assertThat(PostgresRangeQueryBuilder.blocksBefore12(table))
        .isEqualTo(
            "SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint,"
                + " c.relkind = 'p' FROM pg_class c WHERE c.oid = '\"Legacy\".\"order\"'::regclass");
    assertThat(PostgresRangeQueryBuilder.importSnapshot("00000003-0000001B-1"))
        .isEqualTo("SET TRANSACTION SNAPSHOT '00000003-0000001B-1'");
  }
}
