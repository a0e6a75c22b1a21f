package io.tributary.common.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedStatementBuilderTest {
  private static final TableDef TAGS =
      new TableDef(
          "shop",
          "main",
          "order tags",
          "sh\"op",
          "order tags",
          "t",
          List.of(
              new ColumnDef("order_id", "INTEGER", "order_id", TargetType.BIGINT, 1, false),
              new ColumnDef(
                  "code", "CHAR", "co\"de", TargetType.TEXT, 2, false, "character(3)", null, null),
              new ColumnDef("group", "", "group", TargetType.TEXT, 0, true)));

  private static final String TARGET = "\"sh\"\"op\".\"order tags\"";

  @Test
  void stagesAreTemporaryAndNamedPerTableAndColumns() {
    String stage = StagedStatementBuilder.stage(TAGS);
    assertThat(stage).matches("pg_temp\\.\"tributary_stage_[0-9a-f]{24}\"");
    assertThat(StagedStatementBuilder.deleteStage(TAGS))
        .matches("pg_temp\\.\"tributary_unstage_[0-9a-f]{24}\"");
    assertThat(StagedStatementBuilder.stage(TAGS)).isEqualTo(stage);
    TableDef wider =
        TAGS.withColumns(
            List.of(
                TAGS.columns().get(0),
                TAGS.columns().get(1),
                new ColumnDef("group", "", "group", TargetType.BIGINT, 0, true)));
    assertThat(StagedStatementBuilder.stage(wider)).isNotEqualTo(stage);
    assertThat(StagedStatementBuilder.createStage(TAGS))
        .isEqualTo(
            "CREATE TEMP TABLE IF NOT EXISTS "
                + stage
                + " ON COMMIT DELETE ROWS AS SELECT \"order_id\", \"co\"\"de\", \"group\" FROM "
                + TARGET
                + " WITH NO DATA");
    assertThat(StagedStatementBuilder.createDeleteStage(TAGS))
        .isEqualTo(
            "CREATE TEMP TABLE IF NOT EXISTS "
                + StagedStatementBuilder.deleteStage(TAGS)
                + " ON COMMIT DELETE ROWS AS SELECT \"order_id\", \"co\"\"de\" FROM "
                + TARGET
                + " WITH NO DATA");
    assertThat(StagedStatementBuilder.copyStage(TAGS))
        .isEqualTo(
            "COPY "
                + stage
                + " (\"order_id\", \"co\"\"de\", \"group\") FROM STDIN (FORMAT binary)");
    assertThat(StagedStatementBuilder.copyDeleteStage(TAGS))
        .isEqualTo(
            "COPY "
                + StagedStatementBuilder.deleteStage(TAGS)
                + " (\"order_id\", \"co\"\"de\") FROM STDIN (FORMAT binary)");
  }

  @Test
  void updatesThenInsertsWhatIsMissingByKey() {
    String stage = StagedStatementBuilder.stage(TAGS);
    String match = "t.\"order_id\" = s.\"order_id\" AND t.\"co\"\"de\" = s.\"co\"\"de\"";
    assertThat(StagedStatementBuilder.update(TAGS))
        .isEqualTo(
            "UPDATE "
                + TARGET
                + " AS t SET \"group\" = s.\"group\" FROM "
                + stage
                + " AS s WHERE "
                + match);
    assertThat(StagedStatementBuilder.insertMissing(TAGS))
        .isEqualTo(
            "INSERT INTO "
                + TARGET
                + " (\"order_id\", \"co\"\"de\", \"group\") SELECT s.\"order_id\", s.\"co\"\"de\","
                + " s.\"group\" FROM "
                + stage
                + " AS s WHERE NOT EXISTS (SELECT 1 FROM "
                + TARGET
                + " AS t WHERE "
                + match
                + ")");
    assertThat(StagedStatementBuilder.upsert(TAGS))
        .isEqualTo(
            "INSERT INTO "
                + TARGET
                + " (\"order_id\", \"co\"\"de\", \"group\") SELECT \"order_id\", \"co\"\"de\","
                + " \"group\" FROM "
                + stage
                + " ON CONFLICT (\"order_id\", \"co\"\"de\") DO UPDATE SET \"group\" ="
                + " EXCLUDED.\"group\"");
    assertThat(StagedStatementBuilder.delete(TAGS))
        .isEqualTo(
            "DELETE FROM "
                + TARGET
                + " AS t USING "
                + StagedStatementBuilder.deleteStage(TAGS)
                + " AS s WHERE "
                + match);
  }

  @Test
  void aTableOfKeyColumnsOnlyHasNothingToUpdate() {
    TableDef keys = TAGS.withColumns(TAGS.columns().subList(0, 2));
    assertThat(StagedStatementBuilder.update(keys)).isNull();
    assertThat(StagedStatementBuilder.upsert(keys)).endsWith(" DO NOTHING");
  }

  @Test
  void aTableWithoutKeyIsRefused() {
    TableDef whole =
        TAGS.withIdentity(RowIdentity.WHOLE_ROW, List.of(), null)
            .withColumns(List.of(new ColumnDef("a", "TEXT", "a", TargetType.TEXT, 0, true)));
    assertThatThrownBy(() -> StagedStatementBuilder.delete(whole))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no key");
  }
}
