package io.tributary.source.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostgresColumnDefaultsTest {
  private static final ColumnDef MOOD_COLUMN =
      new ColumnDef(
          "mood", "\"Mood\"", "mood", TargetType.ENUM, 0, true, "\"app\".\"Mood\"", null, null);
  private static final ColumnDef MOODS_COLUMN =
      new ColumnDef(
          "moods",
          "\"Mood\"[]",
          "moods",
          TargetType.ARRAY,
          0,
          true,
          "\"app\".\"Mood\"[]",
          TargetType.ENUM,
          null);
  private static final ColumnDef TEXT_COLUMN =
      new ColumnDef("t", "text", "t", TargetType.TEXT, 0, true);

  private static String carried(
      String expression,
      boolean usesRelation,
      List<Long> types,
      Set<Long> own,
      String sourceType,
      ColumnDef column,
      List<String> warnings) {
    return PostgresColumnDefaults.carriedDefault(
        expression, usesRelation, types, own, sourceType, column, warnings::add);
  }

  @Test
  void defaultsAreKeptAsPostgresPrintsThem() {
    List<String> warnings = new ArrayList<>();
    assertThat(carried("now()", false, List.of(), Set.of(25L), "text", TEXT_COLUMN, warnings))
        .isEqualTo("now()");
    assertThat(carried("'x'::text", false, List.of(), Set.of(25L), "text", TEXT_COLUMN, warnings))
        .isEqualTo("'x'::text");
    // a domain's default: deparsed with the base type, the target column is the base type
    assertThat(
            carried(
                "'c'::text",
                false,
                List.of(900L),
                Set.of(900L, 25L),
                "code",
                TEXT_COLUMN,
                warnings))
        .isEqualTo("'c'::text");
    assertThat(
            carried(
                "'c'::code",
                false,
                List.of(900L),
                Set.of(900L, 25L),
                "code",
                TEXT_COLUMN,
                warnings))
        .isEqualTo("'c'::text");
    // extension functions are kept: finalize reports it when the target lacks them
    assertThat(
            carried(
                "uuid_generate_v4()",
                false,
                List.of(),
                Set.of(2950L),
                "uuid",
                TEXT_COLUMN,
                warnings))
        .isEqualTo("uuid_generate_v4()");
    assertThat(warnings).isEmpty();
  }

  @Test
  void enumDefaultsNameTheTargetType() {
    List<String> warnings = new ArrayList<>();
    assertThat(
            carried(
                "'happy'::\"Mood\"",
                false,
                List.of(700L),
                Set.of(700L),
                "\"Mood\"",
                MOOD_COLUMN,
                warnings))
        .isEqualTo("'happy'::\"app\".\"Mood\"");
    assertThat(
            carried(
                "'it''s ''x''::\"Mood\"'::\"Mood\"",
                false,
                List.of(700L),
                Set.of(700L),
                "\"Mood\"",
                MOOD_COLUMN,
                warnings))
        .isEqualTo("'it''s ''x''::\"Mood\"'::\"app\".\"Mood\"");
    assertThat(
            carried(
                "'{happy,sad}'::\"Mood\"[]",
                false,
                List.of(701L),
                Set.of(701L, 700L),
                "\"Mood\"[]",
                MOODS_COLUMN,
                warnings))
        .isEqualTo("'{happy,sad}'::\"app\".\"Mood\"[]");
    assertThat(warnings).isEmpty();
    // anything else names the source's enum: left out
    assertThat(
            carried(
                "ARRAY['happy'::\"Mood\"]",
                false,
                List.of(700L, 701L),
                Set.of(701L, 700L),
                "\"Mood\"[]",
                MOODS_COLUMN,
                warnings))
        .isNull();
    assertThat(
            carried(
                "pick_mood()", false, List.of(), Set.of(700L), "\"Mood\"", MOOD_COLUMN, warnings))
        .isNull();
    assertThat(warnings).hasSize(2).allMatch(w -> w.contains("not set on the target"));
  }

  @Test
  void defaultsUsingOtherTypesOrSequencesAreLeftOut() {
    List<String> warnings = new ArrayList<>();
    assertThat(
            carried(
                "nextval('shared_seq'::regclass)",
                true,
                List.of(),
                Set.of(20L),
                "bigint",
                TEXT_COLUMN,
                warnings))
        .isNull();
    assertThat(
            carried(
                "('idle'::status)::text",
                false,
                List.of(800L),
                Set.of(25L),
                "text",
                TEXT_COLUMN,
                warnings))
        .isNull();
    assertThat(warnings)
        .containsExactly(
            "its default nextval('shared_seq'::regclass) uses a sequence or table that the target"
                + " does not have; not set on the target",
            "its default ('idle'::status)::text uses a user-defined type other than the column's"
                + " own, which the target does not have; not set on the target");
  }
}
