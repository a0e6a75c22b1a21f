package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TableInheritance;
import io.tributary.common.catalog.TablePartitioning;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.Topics;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.BulkLoad;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.StagedStatementBuilder;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.common.sql.TableOrder;
import io.tributary.common.sql.UpsertStatementBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqlBuildersTest {
  private static final TableDef TAGS =
      new TableDef(
          "shop",
          "main",
          "order tags",
          "shop",
          "order tags",
          Topics.tableTopic("m", "shop", "main", "order tags"),
          List.of(
              new ColumnDef("order_id", "INTEGER", "order_id", TargetType.BIGINT, 1, false),
              new ColumnDef("tag", "TEXT", "tag", TargetType.TEXT, 2, false),
              new ColumnDef("group", "", "group", TargetType.TEXT, 0, true),
              new ColumnDef("say \"hi\"", "BLOB", "say \"hi\"", TargetType.BYTEA, 0, true)));

  @Test
  void quotesEveryIdentifier() {
    assertThat(Identifiers.quote("user")).isEqualTo("\"user\"");
    assertThat(Identifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(Identifiers.qualified("s", "T")).isEqualTo("\"s\".\"T\"");
    assertThatThrownBy(() -> Identifiers.quote("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identifiers.quote("a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Identifiers.fitsPostgres("x".repeat(63))).isTrue();
    assertThat(Identifiers.fitsPostgres("é".repeat(32))).isFalse();
  }

  @Test
  void buildsDdlWithQuotedNamesAndPrimaryKey() {
    assertThat(TableDdlBuilder.createTable(TAGS))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS \"shop\".\"order tags\" (\n"
                + "  \"order_id\" bigint NOT NULL,\n"
                + "  \"tag\" text NOT NULL,\n"
                + "  \"group\" text,\n"
                + "  \"say \"\"hi\"\"\" bytea,\n"
                + "  PRIMARY KEY (\"order_id\", \"tag\")\n"
                + ")");
  }

  @Test
  @DisplayName(
      "A partitioned table is made partitioned, its partitions after it (a sub-partitioned one"
          + " with its own key, under its parent), and it is never bulk-loaded")
  void partitionedTablesKeepTheirPartitions() {
    TableDef orders =
        TAGS.withPartitioning(
            new TablePartitioning(
                "LIST (tag)",
                List.of("tag"),
                List.of(
                    new TablePartitioning.Partition("tags a", null, "FOR VALUES IN ('a')", null),
                    new TablePartitioning.Partition(
                        "tags b", null, "FOR VALUES IN ('b')", "RANGE (order_id)"),
                    new TablePartitioning.Partition("tags b low", "tags b", "DEFAULT", null))));
    assertThat(TableDdlBuilder.createTable(orders))
        .endsWith("PRIMARY KEY (\"order_id\", \"tag\")\n) PARTITION BY LIST (tag)");
    assertThat(BulkLoad.eligible(TAGS)).isTrue();
    assertThat(BulkLoad.eligible(orders)).isFalse();
    assertThat(TableDdlBuilder.createPartitions(orders))
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS \"shop\".\"tags a\" PARTITION OF \"shop\".\"order tags\""
                + " FOR VALUES IN ('a')",
            "CREATE TABLE IF NOT EXISTS \"shop\".\"tags b\" PARTITION OF \"shop\".\"order tags\""
                + " FOR VALUES IN ('b') PARTITION BY RANGE (order_id)",
            "CREATE TABLE IF NOT EXISTS \"shop\".\"tags b low\" PARTITION OF \"shop\".\"tags b\""
                + " DEFAULT");
    assertThat(TableDdlBuilder.createPartitions(TAGS)).isEmpty();
    assertThat(
            TableDdlBuilder.provisionIsolated(
                List.of("shop"), List.of(), List.of(orders), Map.of()))
        .containsSubsequence(
            TableDdlBuilder.createTable(orders), TableDdlBuilder.createPartitions(orders).get(2));
  }

  @Test
  @DisplayName(
      "A table kept inheriting is made INHERITS its parents, after them, without the columns it"
          + " only inherits; neither is bulk-loaded, and the parent's updates, deletes and reads"
          + " reach its own rows only")
  void inheritingTablesKeepTheirParents() {
    TableDef parent =
        new TableDef(
                "shop",
                "shop",
                "payments",
                "shop_app",
                "payments",
                "t.payments",
                List.of(
                    new ColumnDef("id", "integer", "id", TargetType.INTEGER, 1, false),
                    new ColumnDef("amount", "numeric", "amount", TargetType.NUMERIC, 0, true)))
            .withOwnRowsOnly(true);
    TableDef child =
        new TableDef(
                "shop",
                "shop",
                "payments_2025",
                "shop_app",
                "payments_2025",
                "t.payments_2025",
                List.of(
                    new ColumnDef("id", "integer", "id", TargetType.INTEGER, 1, false),
                    new ColumnDef("amount", "numeric", "amount", TargetType.NUMERIC, 0, true),
                    new ColumnDef("note", "text", "note", TargetType.TEXT, 0, true)))
            .withInheritance(new TableInheritance(List.of("payments"), List.of("id", "amount")));
    assertThat(TableDdlBuilder.createTable(child))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS \"shop_app\".\"payments_2025\" (\n"
                + "  \"note\" text,\n"
                + "  PRIMARY KEY (\"id\")\n"
                + ") INHERITS (\"shop_app\".\"payments\")");
    assertThat(TableOrder.parentsFirst(List.of(child, TAGS, parent)))
        .containsExactly(TAGS, parent, child);
    assertThat(
            TableDdlBuilder.provisionIsolated(
                List.of("shop_app"), List.of(), List.of(child, parent), Map.of()))
        .containsSubsequence(
            TableDdlBuilder.createTable(parent), TableDdlBuilder.createTable(child));
    assertThat(BulkLoad.eligible(parent)).isFalse();
    assertThat(BulkLoad.eligible(child)).isFalse();
    assertThat(UpsertStatementBuilder.delete(parent))
        .startsWith("DELETE FROM ONLY \"shop_app\".\"payments\" WHERE");
    assertThat(UpsertStatementBuilder.delete(child))
        .startsWith("DELETE FROM \"shop_app\".\"payments_2025\" WHERE");
    assertThat(StagedStatementBuilder.update(parent))
        .startsWith("UPDATE ONLY \"shop_app\".\"payments\" AS ");
    assertThat(StagedStatementBuilder.delete(parent))
        .startsWith("DELETE FROM ONLY \"shop_app\".\"payments\" AS ");
    assertThat(StagedStatementBuilder.insertMissing(parent))
        .startsWith("INSERT INTO \"shop_app\".\"payments\" (")
        .contains("NOT EXISTS (SELECT 1 FROM ONLY \"shop_app\".\"payments\" AS ");
    assertThat(
            UpsertStatementBuilder.deleteRows(
                parent.withIdentity(RowIdentity.WHOLE_ROW, List.of(), null)))
        .startsWith("DELETE FROM ONLY \"shop_app\".\"payments\" WHERE ctid")
        .contains(" JOIN ONLY \"shop_app\".\"payments\" AS x ON ");
  }

  @Test
  @DisplayName(
      "A PostgreSQL source's index keeps its name in the target; another source's is named after"
          + " its table and columns")
  void indexNames() {
    IndexDef kept =
        new IndexDef("order tags", "idx_tag_group", false, List.of("group"), false, true);
    IndexDef named = new IndexDef("order tags", "sqlite_autoindex_1", true, List.of("group"));
    assertThat(
            FinalizeStatementBuilder.steps(
                    List.of(TAGS),
                    Map.of(),
                    Map.of("order tags", List.of(kept, named)),
                    Map.of(),
                    List.of())
                .stream()
                .map(FinalizeStep::statement)
                .filter(sql -> sql.contains(" INDEX "))
                .toList())
        .anyMatch(
            sql ->
                sql.startsWith(
                    "CREATE INDEX IF NOT EXISTS \"idx_tag_group\" ON \"shop\".\"order tags\""))
        .anyMatch(
            sql -> sql.startsWith("CREATE UNIQUE INDEX IF NOT EXISTS \"order tags_group_key\" ON"));
  }

  @Test
  void buildsSetBasedUpsertAndDelete() {
    assertThat(UpsertStatementBuilder.upsert(TAGS))
        .isEqualTo(
            "INSERT INTO \"shop\".\"order tags\" (\"order_id\", \"tag\", \"group\", \"say \"\"hi\"\"\")"
                + " SELECT unnest($1::bigint[]), unnest($2::text[]), unnest($3::text[]), unnest($4::bytea[])"
                + " ON CONFLICT (\"order_id\", \"tag\") DO UPDATE SET \"group\" = EXCLUDED.\"group\","
                + " \"say \"\"hi\"\"\" = EXCLUDED.\"say \"\"hi\"\"\"");
    assertThat(UpsertStatementBuilder.delete(TAGS))
        .isEqualTo(
            "DELETE FROM \"shop\".\"order tags\" WHERE (\"order_id\", \"tag\") IN"
                + " (SELECT unnest($1::bigint[]), unnest($2::text[]))");
    assertThat(UpsertStatementBuilder.truncate(TAGS))
        .isEqualTo("TRUNCATE ONLY \"shop\".\"order tags\"");
  }

  @Test
  void keyOnlyTablesDoNothingOnConflict() {
    TableDef keyOnly =
        new TableDef(
            "s",
            "main",
            "k",
            "s",
            "k",
            "t",
            List.of(new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false)));
    assertThat(UpsertStatementBuilder.upsert(keyOnly)).endsWith("ON CONFLICT (\"id\") DO NOTHING");
  }

  @Test
  void topicNamesAreSanitized() {
    assertThat(Topics.tableTopic("m", "src", "main", "order tags.v2"))
        .isEqualTo("tributary.m.src.main.order_tags_v2");
    assertThat(Topics.TABLE_TOPICS.matcher("tributary.m.src.main.t").matches()).isTrue();
    assertThat(Topics.TABLE_TOPICS.matcher(Topics.STATUS).matches()).isFalse();
    assertThat(Topics.TABLE_TOPICS.matcher("tributary.capture-offsets").matches()).isFalse();
  }
}
