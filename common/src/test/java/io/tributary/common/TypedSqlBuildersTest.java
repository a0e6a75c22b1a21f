package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.catalog.TypeSpelling;
import io.tributary.common.sql.BulkLoad;
import io.tributary.common.sql.ChunkStatementBuilder;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.common.sql.TableExtras;
import io.tributary.common.sql.UpsertStatementBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** DDL and set-based statements for the types of PostgreSQL sources. */
class TypedSqlBuildersTest {
  private static ColumnDef c(String name, TargetType type, String sql, int key) {
    return new ColumnDef(name, "", name, type, key, key == 0, sql, null, null);
  }

  private static final TableDef EVERY_TYPE =
      new TableDef(
          "letta",
          "public",
          "Agents",
          "letta_agents",
          "Agents",
          "t",
          List.of(
              c("id", TargetType.UUID, null, 1),
              c("user", TargetType.TEXT, "character varying(255)", 0),
              c("limit", TargetType.NUMERIC, "numeric(10,2)", 0),
              c("createdAt", TargetType.TIMESTAMPTZ, "timestamp(3) with time zone", 0),
              c("meta", TargetType.JSONB, null, 0),
              c("embedding", TargetType.VECTOR, "vector(3)", 0),
              c("mood", TargetType.ENUM, "\"letta_agents\".\"Mood\"", 0),
              new ColumnDef(
                  "moods",
                  "mood[]",
                  "moods",
                  TargetType.ARRAY,
                  0,
                  true,
                  "\"letta_agents\".\"Mood\"[]",
                  TargetType.ENUM,
                  null),
              new ColumnDef(
                  "tags", "text[]", "tags", TargetType.ARRAY, 0, true, null, TargetType.TEXT, null),
              c("flag", TargetType.BOOLEAN, null, 0),
              c("n", TargetType.SMALLINT, null, 0)));

  @Test
  void ddlUsesTheFullSpellingOfEveryType() {
    assertThat(TableDdlBuilder.createTable(EVERY_TYPE))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS \"letta_agents\".\"Agents\" (\n"
                + "  \"id\" uuid NOT NULL,\n"
                + "  \"user\" character varying(255),\n"
                + "  \"limit\" numeric(10,2),\n"
                + "  \"createdAt\" timestamp(3) with time zone,\n"
                + "  \"meta\" jsonb,\n"
                + "  \"embedding\" vector(3),\n"
                + "  \"mood\" \"letta_agents\".\"Mood\",\n"
                + "  \"moods\" \"letta_agents\".\"Mood\"[],\n"
                + "  \"tags\" text[],\n"
                + "  \"flag\" boolean,\n"
                + "  \"n\" smallint,\n"
                + "  PRIMARY KEY (\"id\")\n"
                + ")");
  }

  @Test
  void upsertBindsNativeArraysOrTextCastPerElementAndVectorsAsFloats() {
    assertThat(UpsertStatementBuilder.upsert(EVERY_TYPE))
        .startsWith(
            "INSERT INTO \"letta_agents\".\"Agents\" (\"id\", \"user\", \"limit\", \"createdAt\","
                + " \"meta\", \"embedding\", \"mood\", \"moods\", \"tags\", \"flag\", \"n\") SELECT"
                + " unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[])::numeric,"
                + " unnest($4::timestamp with time zone[]), unnest($5::text[])::jsonb,"
                + " unnest(ARRAY(SELECT ($13::real[])[v.s + 1 : v.s + v.n]::vector"
                + " FROM unnest($6::int[], $12::int[]) WITH ORDINALITY AS v(s, n, i) ORDER BY v.i)),"
                + " unnest($7::text[])::\"letta_agents\".\"Mood\","
                + " unnest($8::text[])::\"letta_agents\".\"Mood\"[], unnest($9::text[])::text[],"
                + " unnest($10::boolean[]), unnest($11::smallint[])"
                + " ON CONFLICT (\"id\") DO UPDATE SET \"user\" = EXCLUDED.\"user\",");
    assertThat(UpsertStatementBuilder.delete(EVERY_TYPE))
        .isEqualTo(
            "DELETE FROM \"letta_agents\".\"Agents\" WHERE (\"id\") IN (SELECT unnest($1::uuid[]))");
  }

  /** EVERY_TYPE without its primary key, identified by its whole rows. */
  private static final TableDef WHOLE_ROW =
      EVERY_TYPE
          .withColumns(EVERY_TYPE.columns().stream().map(c -> c.withKeyPosition(0)).toList())
          .withIdentity(RowIdentity.WHOLE_ROW, List.of(), null);

  @Test
  void wholeRowTablesInsertPlainlyAndDeleteCountedCopiesMatchedOnEveryColumn() {
    assertThat(TableDdlBuilder.createTable(WHOLE_ROW)).doesNotContain("PRIMARY KEY", "UNIQUE");
    assertThat(UpsertStatementBuilder.insert(WHOLE_ROW))
        .isEqualTo(
            UpsertStatementBuilder.upsert(EVERY_TYPE)
                .substring(0, UpsertStatementBuilder.upsert(EVERY_TYPE).indexOf(" ON CONFLICT")));
    assertThat(UpsertStatementBuilder.deleteRows(WHOLE_ROW))
        .isEqualTo(
            "DELETE FROM \"letta_agents\".\"Agents\" WHERE ctid = ANY (ARRAY(SELECT m.ctid FROM"
                + " (SELECT x.ctid, d.tributary_n, row_number() OVER (PARTITION BY"
                + " d.tributary_ord ORDER BY x.ctid) AS tributary_rn FROM (SELECT row_number()"
                + " OVER () AS tributary_ord, u.* FROM (SELECT unnest($1::uuid[]) AS c1,"
                + " unnest($2::text[]) AS c2, unnest($3::text[])::numeric AS c3,"
                + " unnest($4::timestamp with time zone[]) AS c4, unnest($5::text[])::jsonb AS"
                + " c5, unnest(ARRAY(SELECT ($13::real[])[v.s + 1 : v.s + v.n]::vector FROM"
                + " unnest($6::int[], $12::int[]) WITH ORDINALITY AS v(s, n, i) ORDER BY v.i)) AS"
                + " c6, unnest($7::text[])::\"letta_agents\".\"Mood\" AS c7,"
                + " unnest($8::text[])::\"letta_agents\".\"Mood\"[] AS c8,"
                + " unnest($9::text[])::text[] AS c9, unnest($10::boolean[]) AS c10,"
                + " unnest($11::smallint[]) AS c11, unnest($14::int[]) AS tributary_n) AS u) AS d"
                + " JOIN \"letta_agents\".\"Agents\" AS x ON x.\"id\" = d.c1 AND x.\"user\" IS NOT"
                + " DISTINCT FROM d.c2 AND x.\"limit\" IS NOT DISTINCT FROM d.c3 AND"
                + " x.\"createdAt\" IS NOT DISTINCT FROM d.c4 AND x.\"meta\" IS NOT DISTINCT FROM"
                + " d.c5 AND x.\"embedding\" IS NOT DISTINCT FROM d.c6 AND x.\"mood\" IS NOT"
                + " DISTINCT FROM d.c7 AND x.\"moods\" IS NOT DISTINCT FROM d.c8 AND"
                + " x.\"tags\" IS NOT DISTINCT FROM d.c9 AND x.\"flag\" IS NOT"
                + " DISTINCT FROM d.c10 AND x.\"n\" IS NOT DISTINCT FROM d.c11) AS m WHERE"
                + " m.tributary_rn <= m.tributary_n))");
  }

  @Test
  void checksumSelectReadsTextBoundColumnsAsTextAndVectorsBinary() {
    assertThat(UpsertStatementBuilder.selectAll(EVERY_TYPE))
        .isEqualTo(
            "SELECT \"id\", \"user\", \"limit\"::text, \"createdAt\", \"meta\"::text,"
                + " vector_send(\"embedding\") AS \"embedding\", \"mood\"::text, \"moods\"::text, \"tags\"::text, \"flag\","
                + " \"n\" FROM \"letta_agents\".\"Agents\"");
  }

  @Test
  @DisplayName(
      "A table read on its own rows only (an inheritance parent of a PostgreSQL source) is counted"
          + " and read FROM ONLY; any other as it is")
  void ownRowsOnlyReadsFromOnly() {
    TableDef parent = EVERY_TYPE.withOwnRowsOnly(true);
    assertThat(UpsertStatementBuilder.count(parent))
        .isEqualTo("SELECT count(*) FROM ONLY \"letta_agents\".\"Agents\"");
    assertThat(UpsertStatementBuilder.selectAll(parent))
        .endsWith(" FROM ONLY \"letta_agents\".\"Agents\"");
    assertThat(UpsertStatementBuilder.count(EVERY_TYPE))
        .isEqualTo("SELECT count(*) FROM \"letta_agents\".\"Agents\"");
    assertThat(parent.withColumns(parent.columns()).ownRowsOnly()).isTrue();
  }

  @Test
  void enumTypesAreCreatedOnceAndQuoted() {
    EnumDef mood = new EnumDef("public", "Mood", "letta_agents", "Mood", List.of("ok", "it's"));
    assertThat(TableDdlBuilder.createEnum(mood))
        .isEqualTo(
            "DO $tributary$ BEGIN CREATE TYPE \"letta_agents\".\"Mood\" AS ENUM ('ok', 'it''s');"
                + " EXCEPTION WHEN duplicate_object THEN NULL; END $tributary$");
    EnumDef tricky = new EnumDef("public", "t", "s", "t", List.of("$tributary$"));
    assertThat(TableDdlBuilder.createEnum(tricky)).startsWith("DO $tributary1$ BEGIN");
    assertThat(TableDdlBuilder.provision("letta_agents", List.of(mood), List.of(EVERY_TYPE)))
        .hasSize(3)
        .element(1)
        .asString()
        .startsWith("DO $tributary$");
    assertThat(TableDdlBuilder.provision("other", List.of(mood), List.of())).hasSize(1);
  }

  @Test
  void severalSchemasGetSchemasThenEnumsThenTables() {
    EnumDef mood = new EnumDef("public", "Mood", "letta_agents", "Mood", List.of("ok"));
    TableDef other =
        new TableDef(
            "letta",
            "Audit",
            "user",
            "letta_audit",
            "user",
            "t2",
            List.of(c("limit", TargetType.INTEGER, null, 1)));
    assertThat(
            TableDdlBuilder.provisionSchemas(
                List.of("letta_audit", "letta_agents", "letta_audit"),
                List.of(mood),
                List.of(other, EVERY_TYPE)))
        .satisfiesExactly(
            s -> assertThat(s).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"letta_audit\""),
            s -> assertThat(s).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"letta_agents\""),
            s -> assertThat(s).startsWith("DO $tributary$ BEGIN CREATE TYPE \"letta_agents\""),
            s ->
                assertThat(s)
                    .startsWith("CREATE TABLE IF NOT EXISTS \"letta_audit\".\"user\" (")
                    .contains("\"limit\" integer NOT NULL"),
            s ->
                assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS \"letta_agents\".\"Agents\""));
  }

  @Test
  void typeSpellingsAreReadOutsideQuotes() {
    assertThat(TypeSpelling.withoutModifiers("timestamp(3) with time zone"))
        .isEqualTo("timestamp with time zone");
    assertThat(TypeSpelling.withoutModifiers("numeric(10,2)[]")).isEqualTo("numeric[]");
    assertThat(TypeSpelling.withoutModifiers("\"s\".\"odd(1)\"")).isEqualTo("\"s\".\"odd(1)\"");
    assertThat(TypeSpelling.modifiers("numeric(10, -2)")).containsExactly(10, -2);
    assertThat(TypeSpelling.modifiers("\"a(1)\"")).isEmpty();
    assertThat(TypeSpelling.isArray("\"s\".\"t\"[]")).isTrue();
    assertThat(TypeSpelling.isArray("\"s\".\"t[]\"")).isFalse();
    assertThat(TypeSpelling.elementOf("character varying(20)[][]"))
        .isEqualTo("character varying(20)");
  }

  @Test
  void tablesWithoutKeyGetNoPrimaryKeyClause() {
    TableDef keyless =
        new TableDef(
            "s", "public", "log", "t", "log", "x", List.of(c("line", TargetType.TEXT, null, 0)));
    assertThat(TableDdlBuilder.createTable(keyless)).doesNotContain("PRIMARY KEY");
  }

  /** A table identified by a UNIQUE index over NOT NULL columns. */
  private static final TableDef AGENTS_TAGS =
      new TableDef(
              "s",
              "public",
              "agents_tags",
              "t",
              "agents_tags",
              "x",
              List.of(c("agent_id", TargetType.TEXT, null, 0), c("tag", TargetType.TEXT, null, 0)))
          .withIdentity(RowIdentity.UNIQUE, List.of("agent_id", "tag"), "unique_agent_tag");

  @Test
  void tablesKeyedByAUniqueIndexGetAUniqueConstraintNamedAsFinalizeNamesIt() {
    TableDef tags = AGENTS_TAGS;
    assertThat(TableDdlBuilder.createTable(tags))
        .doesNotContain("PRIMARY KEY")
        .contains("\"agent_id\" text NOT NULL")
        .contains("CONSTRAINT \"agents_tags_agent_id_tag_key\" UNIQUE (\"agent_id\", \"tag\")");
    assertThat(
            FinalizeStatementBuilder.steps(
                List.of(tags),
                Map.of(),
                Map.of(
                    "agents_tags",
                    List.of(
                        new IndexDef(
                            "agents_tags", "unique_agent_tag", true, List.of("agent_id", "tag"))))))
        .as("finalize does not build the identity's index again")
        .noneMatch(step -> step.statement().contains("UNIQUE INDEX"));
  }

  @Test
  @DisplayName(
      "A table made for a bulk load has no key (its key columns still NOT NULL) and autovacuum off;"
          + " the key is built later under the name CREATE TABLE gives it, autovacuum back on")
  void bulkLoadedTablesGetTheirKeyLater() {
    TableDef items =
        new TableDef(
            "s",
            "main",
            "order items",
            "t",
            "order items",
            "x",
            List.of(
                c("order", TargetType.BIGINT, null, 1),
                c("line", TargetType.INTEGER, null, 2),
                c("note", TargetType.TEXT, null, 0)));
    assertThat(BulkLoad.eligible(items)).isTrue();
    assertThat(TableDdlBuilder.createTable(items, TableExtras.NONE, false))
        .doesNotContain("PRIMARY KEY")
        .contains("\"order\" bigint NOT NULL")
        .contains("\"line\" integer NOT NULL")
        .endsWith(") WITH (autovacuum_enabled = false)");
    assertThat(TableDdlBuilder.createTable(items, TableExtras.NONE, false))
        .as("the provenance of each copied row, last; a chunk's partition and offset by default")
        .contains(
            "\"note\" text,\n  \"_tributary_partition\" integer DEFAULT"
                + " current_setting('tributary.copy_partition', true)::integer,\n "
                + " \"_tributary_offset\" bigint DEFAULT"
                + " current_setting('tributary.copy_offset', true)::bigint,\n  \"_tributary_key\""
                + " text,\n  \"_tributary_row\" integer\n)");
    assertThat(TableDdlBuilder.createTable(items, TableExtras.NONE, true))
        .doesNotContain("_tributary_");
    assertThat(TableDdlBuilder.addKey(items))
        .isEqualTo(
            "ALTER TABLE \"t\".\"order items\" DROP COLUMN IF EXISTS \"_tributary_partition\","
                + " DROP COLUMN IF EXISTS \"_tributary_offset\", DROP COLUMN IF EXISTS"
                + " \"_tributary_key\", DROP COLUMN IF EXISTS \"_tributary_row\","
                + " ADD PRIMARY KEY (\"order\", \"line\"),"
                + " RESET (autovacuum_enabled)");
    assertThat(TableDdlBuilder.keyName(items)).isEqualTo("order items_pkey");
    assertThat(TableDdlBuilder.keyColumns(items)).isEqualTo("\"order\", \"line\"");
    assertThat(UpsertStatementBuilder.copy(items))
        .isEqualTo(
            "COPY \"t\".\"order items\" (\"order\", \"line\", \"note\","
                + " \"_tributary_partition\", \"_tributary_offset\", \"_tributary_key\") FROM"
                + " STDIN (FORMAT binary)");
    assertThat(ChunkStatementBuilder.copy(items, true))
        .isEqualTo(
            "COPY \"t\".\"order items\" (\"order\", \"line\", \"note\", \"_tributary_key\","
                + " \"_tributary_row\") FROM STDIN (FORMAT binary)");
    assertThat(ChunkStatementBuilder.upsertFromStage(items, true))
        .startsWith("INSERT INTO \"t\".\"order items\" (\"order\", \"line\", \"note\") SELECT")
        .contains(" DISTINCT ON (\"order\", \"line\") ")
        .contains(" ORDER BY \"order\", \"line\", \"_tributary_row\" DESC")
        .endsWith(" ON CONFLICT (\"order\", \"line\") DO UPDATE SET \"note\" = EXCLUDED.\"note\"");
    assertThat(UpsertStatementBuilder.copy(items, false))
        .isEqualTo(
            "COPY \"t\".\"order items\" (\"order\", \"line\", \"note\") FROM STDIN"
                + " (FORMAT binary)");
    assertThat(TableDdlBuilder.uniqueKeyName(items)).isNull();
    assertThat(TableDdlBuilder.provisionIsolated(List.of("t"), List.of(), List.of(items), Map.of()))
        .anySatisfy(ddl -> assertThat(ddl).contains("autovacuum_enabled = false"));

    TableDef tags = AGENTS_TAGS;
    assertThat(TableDdlBuilder.addKey(tags))
        .contains("ADD CONSTRAINT \"agents_tags_agent_id_tag_key\" UNIQUE (\"agent_id\", \"tag\")");
    assertThat(TableDdlBuilder.uniqueKeyName(tags)).isEqualTo("agents_tags_agent_id_tag_key");
  }

  @Test
  @DisplayName(
      "Only keyed tables whose every column has a binary COPY form are bulk-loaded: not a table"
          + " identified by its whole rows, not one with an array or sparsevec column")
  void bulkLoadEligibility() {
    TableDef keyless =
        new TableDef(
            "s", "public", "log", "t", "log", "x", List.of(c("line", TargetType.TEXT, null, 0)));
    assertThat(BulkLoad.eligible(keyless)).isFalse();
    TableDef withArray =
        new TableDef(
            "s",
            "public",
            "a",
            "t",
            "a",
            "x",
            List.of(
                c("id", TargetType.BIGINT, null, 1),
                new ColumnDef(
                    "tags",
                    "",
                    "tags",
                    TargetType.ARRAY,
                    0,
                    true,
                    "text[]",
                    TargetType.TEXT,
                    null)));
    assertThat(BulkLoad.eligible(withArray)).isFalse();
    assertThat(
            TableDdlBuilder.provisionIsolated(
                List.of("t"), List.of(), List.of(withArray), Map.of()))
        .anySatisfy(ddl -> assertThat(ddl).contains("PRIMARY KEY (\"id\")"));
    TableDef namedLikeProvenance =
        new TableDef(
            "s",
            "public",
            "p",
            "t",
            "p",
            "x",
            List.of(
                c("id", TargetType.BIGINT, null, 1),
                c("_tributary_key", TargetType.TEXT, null, 0)));
    assertThat(BulkLoad.eligible(namedLikeProvenance))
        .as("a column named as a provenance column keeps the table on the upsert path")
        .isFalse();
  }
}
