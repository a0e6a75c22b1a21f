package io.tributary.source.postgres.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.sql.UpsertStatementBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresSourceViewTest {
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
    TableDef view = PostgresSourceView.of(recorded);
    assertThat(UpsertStatementBuilder.selectAll(view))
        .isEqualTo("SELECT \"userId\", \"limit\"::text FROM \"App\".\"user\"");
    assertThat(UpsertStatementBuilder.count(view))
        .isEqualTo("SELECT count(*) FROM \"App\".\"user\"");
    assertThat(view.columns().get(1).targetSql()).isEqualTo("numeric(10,2)");
    assertThat(view.topic()).isEqualTo(recorded.topic());
  }
}
