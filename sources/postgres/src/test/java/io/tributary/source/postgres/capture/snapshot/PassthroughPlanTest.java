package io.tributary.source.postgres.capture.snapshot;

import static io.tributary.source.postgres.capture.snapshot.SnapshotTables.SOURCE_TYPES;
import static io.tributary.source.postgres.capture.snapshot.SnapshotTables.TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.source.postgres.capture.snapshot.PassthroughPlan.ColumnPlan;
import io.tributary.source.postgres.capture.snapshot.PassthroughPlan.Treatment;
import io.tributary.source.postgres.catalog.PostgresColumnTypes.ColumnType;
import io.tributary.source.postgres.catalog.PostgresType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassthroughPlanTest {
  @Test
  void eachColumnPassesAsItsSourceAndTargetAllow() {
    PassthroughPlan plan = PassthroughPlan.of(TABLE, SOURCE_TYPES, true, SnapshotTables::targetOid);

    assertThat(plan.columns())
        .extracting(c -> c.column().name(), ColumnPlan::treatment)
        .containsExactly(
            tuple("id", Treatment.TRANSFORM), // uuid5 of the key
            tuple("name", Treatment.RAW),
            tuple("moods", Treatment.PATCH), // enum oid differs
            tuple("span", Treatment.TEXT), // no type: its text
            tuple("qty", Treatment.TRANSFORM)); // integer → bigint
    assertThat(plan.columns().get(2).elementOid()).isEqualTo(SnapshotTables.TARGET_MOOD_OID);
    // a transformed column is parsed as the source's type, without the plan's rules
    ColumnDef id = plan.columns().get(0).source();
    assertThat(id.targetType()).isEqualTo(TargetType.BIGINT);
    assertThat(id.remap()).isNull();
    assertThat(plan.columns().get(4).source().targetType()).isEqualTo(TargetType.INTEGER);
    // the key is remapped: the rows carry it, printed from the source's values
    assertThat(plan.keyText()).isTrue();
    assertThat(plan.keyColumns()).extracting(c -> c.column().name()).containsExactly("id");
    assertThat(PassthroughPlan.of(TABLE, SOURCE_TYPES, false, SnapshotTables::targetOid).keyText())
        .isFalse();
  }

  @Test
  void sameTypesPassRawEvenThroughDomainsEnumsAndBuiltInArrays() {
    PostgresType shortText =
        new PostgresType(
            40_001, "app", "short", 'd', 'S', null, PostgresType.builtin("varchar"), 24);
    PostgresType domainArray =
        new PostgresType(40_002, "app", "_dom", 'b', 'A', shortText, null, -1);
    List<ColumnDef> columns =
        List.of(
            new ColumnDef("k", "integer", "k", TargetType.INTEGER, 1, false),
            new ColumnDef(
                "label",
                "app.short",
                "label",
                TargetType.TEXT,
                0,
                true,
                "character varying(20)",
                null,
                null),
            new ColumnDef(
                "mood",
                "app.mood",
                "mood",
                TargetType.ENUM,
                0,
                true,
                "\"tgt\".\"mood\"",
                null,
                null),
            new ColumnDef(
                "tags",
                "text[]",
                "tags",
                TargetType.ARRAY,
                0,
                true,
                "text[]",
                TargetType.TEXT,
                null),
            new ColumnDef(
                "labels",
                "app.short[]",
                "labels",
                TargetType.ARRAY,
                0,
                true,
                "character varying(20)[]",
                TargetType.TEXT,
                null));
    TableDef table = TABLE.withColumns(columns);
    Map<String, ColumnType> types =
        Map.of(
            "k", new ColumnType(PostgresType.builtin("int4"), -1),
            "label", new ColumnType(shortText, -1),
            "mood", new ColumnType(SnapshotTables.MOOD, -1),
            "tags", new ColumnType(PostgresType.arrayOf(PostgresType.builtin("text")), -1),
            "labels", new ColumnType(domainArray, -1));

    PassthroughPlan plan =
        PassthroughPlan.of(
            table, types, true, spelling -> spelling.equals("character varying(20)") ? 1043 : -1);

    assertThat(plan.columns())
        .extracting(ColumnPlan::treatment)
        .containsExactly(
            Treatment.RAW, Treatment.RAW, Treatment.RAW, Treatment.RAW, Treatment.PATCH);
    assertThat(plan.columns().get(4).elementOid()).isEqualTo(1043);
    assertThat(plan.keyText())
        .as("the key passes unchanged: apply reads it from the row")
        .isFalse();
  }

  @Test
  void rulesTransformAndWhatCannotBeEncodedYetIsRefused() {
    Map<String, ColumnType> types = new HashMap<>(SOURCE_TYPES);
    TableDef spans =
        TABLE.withColumns(
            List.of(
                SnapshotTables.NAME.withKeyPosition(1),
                SnapshotTables.withPolicy(SnapshotTables.SPAN)));
    assertThat(
            PassthroughPlan.of(spans, types, true, SnapshotTables::targetOid)
                .columns()
                .get(1)
                .treatment())
        .as("a type held as text, with a policy")
        .isEqualTo(Treatment.TRANSFORM);

    ColumnDef half =
        new ColumnDef(
            "half", "halfvec(3)", "half", TargetType.HALFVEC, 0, true, "halfvec(3)", null, null);
    types.put(
        "half",
        new ColumnType(new PostgresType(40_003, "public", "halfvec", 'b', 'U', null, null, -1), 3));
    TableDef halves = TABLE.withColumns(List.of(SnapshotTables.withPolicy(half)));
    assertThatThrownBy(() -> PassthroughPlan.of(halves, types, false, SnapshotTables::targetOid))
        .hasMessageContaining("column half must be cast to halfvec(3)");
    assertThat(
            PassthroughPlan.of(
                    halves.withColumns(List.of(half)), types, false, SnapshotTables::targetOid)
                .columns()
                .get(0)
                .treatment())
        .isEqualTo(Treatment.RAW);
    assertThatThrownBy(() -> PassthroughPlan.of(TABLE, Map.of(), false, SnapshotTables::targetOid))
        .hasMessageContaining("column id of src/app.items is not in the source");
  }
}
