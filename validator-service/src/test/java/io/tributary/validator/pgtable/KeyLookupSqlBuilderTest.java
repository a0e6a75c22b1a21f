package io.tributary.validator.pgtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLookupSqlBuilderTest {
  @Test
  void selectByKeysCastsEachKeyValueToItsColumnsType() {
    TableDef table =
        new TableDef(
            "app",
            "main",
            "tags",
            "app",
            "tags",
            "t",
            List.of(
                new ColumnDef("agent", "TEXT", "agent_id", TargetType.UUID, 1, false),
                new ColumnDef("n", "INTEGER", "n", TargetType.BIGINT, 2, false),
                new ColumnDef("note", "TEXT", "note", TargetType.TEXT, 0, true)));
    assertThat(KeyLookupSqlBuilder.selectByKeys(table))
        .isEqualTo(
            "SELECT \"agent_id\", \"n\", \"note\" FROM \"app\".\"tags\" WHERE (\"agent_id\", \"n\")"
                + " IN (SELECT (e->>0)::uuid, (e->>1)::bigint"
                + " FROM jsonb_array_elements($1::text::jsonb) e)");
  }
}
