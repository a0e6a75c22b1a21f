package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IdentityKind;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ColumnDef keeps its 6-argument form and reads definitions recorded before its new fields. */
class ColumnDefTest {

  @Test
  void sixArgumentColumnsSpellTheirTypePlainly() {
    ColumnDef id = new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false);
    assertThat(id.targetSql()).isEqualTo("bigint");
    assertThat(id.elementType()).isNull();
    assertThat(id.identity()).isNull();
    assertThat(id)
        .isEqualTo(
            new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false, " ", null, null));
  }

  @Test
  void definitionsRecordedBeforeTheNewFieldsStillRead() throws Exception {
    String old =
        "{\"source\":\"shop\",\"sourceSchema\":\"main\",\"sourceTable\":\"t\",\"targetSchema\":\"shop\","
            + "\"targetTable\":\"t\",\"topic\":\"x\",\"columns\":[{\"name\":\"id\",\"sourceType\":\"INTEGER\","
            + "\"targetName\":\"id\",\"targetType\":\"BIGINT\",\"keyPosition\":1,\"nullable\":false}]}";
    TableDef table = ChangeEventCodec.MAPPER.readValue(old, TableDef.class);
    assertThat(table.columns().get(0))
        .isEqualTo(new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false));
  }

  @Test
  void newFieldsRoundTripThroughJson() throws Exception {
    TableDef table =
        new TableDef(
            "letta",
            "public",
            "t",
            "letta_agents",
            "t",
            "x",
            List.of(
                new ColumnDef(
                    "id",
                    "integer",
                    "id",
                    TargetType.INTEGER,
                    1,
                    false,
                    null,
                    null,
                    IdentityKind.ALWAYS),
                new ColumnDef(
                    "tags",
                    "character varying(20)[]",
                    "tags",
                    TargetType.ARRAY,
                    0,
                    true,
                    "character varying(20)[]",
                    TargetType.TEXT,
                    null)));
    String json = ChangeEventCodec.MAPPER.writeValueAsString(table);
    assertThat(json)
        .contains("\"targetSql\":\"character varying(20)[]\"")
        .contains("\"elementType\":\"TEXT\"")
        .contains("\"identity\":\"ALWAYS\"")
        .doesNotContain("castSql")
        .doesNotContain("\"element\"");
    assertThat(ChangeEventCodec.MAPPER.readValue(json, TableDef.class)).isEqualTo(table);
    assertThat(table.columns().get(1).element().targetSql()).isEqualTo("character varying(20)");
  }

  @Test
  void sourceDefaultsRoundTripAndSurviveTheRules() throws Exception {
    ColumnDef at =
        new ColumnDef(
            "at",
            "timestamptz",
            "at",
            TargetType.TIMESTAMPTZ,
            0,
            false,
            null,
            null,
            null,
            null,
            null,
            "now()");
    String json = ChangeEventCodec.MAPPER.writeValueAsString(at);
    assertThat(json).contains("\"sourceDefault\":\"now()\"");
    assertThat(ChangeEventCodec.MAPPER.readValue(json, ColumnDef.class)).isEqualTo(at);
    // none: not written, so definitions without one are recorded as before
    assertThat(ChangeEventCodec.MAPPER.writeValueAsString(at.withSourceDefault(null)))
        .doesNotContain("sourceDefault");
    assertThat(at.withSourceDefault(" ").sourceDefault()).isNull();
    assertThat(at.withRules("When", null, null).sourceDefault()).isEqualTo("now()");
    assertThat(at.withTarget(TargetType.TEXT, null, null).sourceDefault()).isEqualTo("now()");
    // the older constructors have none
    assertThat(new ColumnDef("a", "", "a", TargetType.TEXT, 0, true).sourceDefault()).isNull();
    assertThat(
            new ColumnDef("a", "", "a", TargetType.TEXT, 0, true, null, null, null).sourceDefault())
        .isNull();
  }

  @Test
  void incompleteTypesAreRefused() {
    assertThatThrownBy(() -> new ColumnDef("a", "", "a", TargetType.ARRAY, 0, true))
        .hasMessageContaining("needs its element type");
    assertThatThrownBy(
            () ->
                new ColumnDef("a", "", "a", TargetType.TEXT, 0, true, null, TargetType.TEXT, null))
        .hasMessageContaining("cannot have an element type");
    assertThatThrownBy(
            () ->
                new ColumnDef(
                    "a", "", "a", TargetType.ARRAY, 0, true, "text", TargetType.TEXT, null))
        .hasMessageContaining("not an array type");
    assertThat(
            new ColumnDef("a", "", "a", TargetType.ARRAY, 0, true, null, TargetType.UUID, null)
                .targetSql())
        .isEqualTo("uuid[]");
  }
}
