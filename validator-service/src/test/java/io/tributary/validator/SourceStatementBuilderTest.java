package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.TargetType;
import io.tributary.common.sql.UpsertStatementBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceStatementBuilderTest {
  private static final TableDef TABLE =
      new TableDef(
          "app",
          "main",
          "order \"items\"",
          "shop",
          "order_items",
          "tributary.m.app.main.order__items_",
          List.of(
              new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("select", "TEXT", "select_", TargetType.TEXT, 0, true)));

  @Test
  void countQuotesSchemaAndTable() {
    assertThat(SourceStatementBuilder.count(TABLE))
        .isEqualTo("SELECT count(*) FROM \"order \"\"items\"\"\"");
  }

  @Test
  void selectAllReadsSourceColumnNamesInCatalogOrder() {
    assertThat(SourceStatementBuilder.selectAll(TABLE))
        .isEqualTo("SELECT \"id\", \"select\" FROM \"order \"\"items\"\"\"");
  }

  @Test
  void postgresViewReadsTheSourceNamesWithTheTargetTypes() {
    TableDef recorded =
        new TableDef(
            "letta",
            "App",
            "user",
            "letta_app",
            "user",
            "tributary.m.letta.App.user",
            List.of(
                new ColumnDef("userId", "bigint", "userId", TargetType.BIGINT, 1, false),
                new ColumnDef(
                    "limit",
                    "numeric(10,2)",
                    "limit_",
                    TargetType.NUMERIC,
                    0,
                    true,
                    "numeric(10,2)",
                    null,
                    null)));
    TableDef view = SourceStatementBuilder.postgresView(recorded);
    assertThat(UpsertStatementBuilder.selectAll(view))
        .isEqualTo("SELECT \"userId\", \"limit\"::text FROM \"App\".\"user\"");
    assertThat(UpsertStatementBuilder.count(view))
        .isEqualTo("SELECT count(*) FROM \"App\".\"user\"");
    assertThat(view.columns().get(1).targetSql()).isEqualTo("numeric(10,2)");
    assertThat(view.topic()).isEqualTo(recorded.topic());
  }
}
