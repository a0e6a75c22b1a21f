package io.tributary.source.sqlite.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteStatementBuilderTest {
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
    assertThat(SqliteStatementBuilder.count(TABLE))
        .isEqualTo("SELECT count(*) FROM \"order \"\"items\"\"\"");
  }

  @Test
  void selectAllReadsSourceColumnNamesInCatalogOrder() {
    assertThat(SqliteStatementBuilder.selectAll(TABLE))
        .isEqualTo("SELECT \"id\", \"select\" FROM \"order \"\"items\"\"\"");
  }

  @Test
  void selectByKeysLooksKeysUpFromTheJsonParameter() {
    assertThat(SqliteStatementBuilder.selectByKeys(TABLE))
        .isEqualTo(
            "SELECT \"id\", \"select\" FROM \"order \"\"items\"\"\" WHERE (\"id\") IN"
                + " (SELECT json_extract(value, '$[0]') FROM json_each(?))");
  }
}
