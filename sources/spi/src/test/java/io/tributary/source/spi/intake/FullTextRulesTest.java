package io.tributary.source.spi.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.FullTextRule;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.common.sql.TableExtras;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FullTextRulesTest {
  private static final TableDef TASKS =
      new TableDef(
          "ap",
          "main",
          "tasks",
          "agent_platform",
          "tasks",
          "t",
          List.of(
              new ColumnDef("id", "TEXT", "id", TargetType.TEXT, 1, false),
              new ColumnDef("title", "TEXT", "title", TargetType.TEXT, 0, false),
              new ColumnDef("description", "TEXT", "details", TargetType.TEXT, 0, true)));

  private static final List<FinalizeStep> STEPS =
      List.of(
          new FinalizeStep(
              FinalizeStep.Kind.INDEX, "\"agent_platform\".\"tasks\"", "CREATE INDEX a", null),
          new FinalizeStep(
              FinalizeStep.Kind.ANALYZE, "\"agent_platform\".\"tasks\"", "ANALYZE x", null));

  @Test
  @DisplayName(
      "A fulltext rule adds a generated tsvector over the target names of its columns and a GIN"
          + " index after the source's indexes")
  void generatedColumnAndGinIndex() {
    List<PlanError> errors = new ArrayList<>();
    FullTextRules.Applied applied =
        FullTextRules.apply(
            "sources[0]",
            Map.of(
                "tasks",
                new TableRule(
                    null,
                    null,
                    null,
                    null,
                    new FullTextRule(List.of("title", "description"), "english", null))),
            List.of(TASKS),
            Map.of(),
            Map.of(),
            STEPS,
            errors);
    assertThat(errors).isEmpty();
    TableExtras extras = applied.extras().get("tasks");
    assertThat(TableDdlBuilder.createTable(TASKS, extras))
        .contains(
            "\"search_vector\" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig,"
                + " coalesce(\"title\"::text, '') || ' ' || coalesce(\"details\"::text, ''))) STORED");
    assertThat(applied.finalizeSteps())
        .extracting(FinalizeStep::statement)
        .containsExactly(
            "CREATE INDEX a",
            "CREATE INDEX IF NOT EXISTS \"tasks_search_vector_idx\" ON \"agent_platform\".\"tasks\""
                + " USING gin (\"search_vector\")",
            "ANALYZE x");
  }

  @Test
  @DisplayName("A fulltext rule naming no or unknown columns, or a bad language, is refused")
  void badRules() {
    List<PlanError> errors = new ArrayList<>();
    FullTextRules.apply(
        "sources[0]",
        Map.of(
            "tasks",
            new TableRule(
                null, null, null, null, new FullTextRule(List.of("nope"), "english'; --", null))),
        List.of(TASKS),
        Map.of(),
        Map.of(),
        STEPS,
        errors);
    FullTextRules.apply(
        "sources[1]",
        Map.of("tasks", new TableRule(null, null, null, null, new FullTextRule(null, null, null))),
        List.of(TASKS),
        Map.of(),
        Map.of(),
        STEPS,
        errors);
    FullTextRules.apply(
        "sources[2]",
        Map.of(
            "tasks",
            new TableRule(
                null, null, null, null, new FullTextRule(List.of("title"), "english';--", null))),
        List.of(TASKS),
        Map.of(),
        Map.of(),
        STEPS,
        errors);
    assertThat(errors)
        .extracting(e -> e.field() + ": " + e.message())
        .containsExactly(
            "sources[0].tables.tasks.fulltext.columns: no column 'nope' in tasks",
            "sources[1].tables.tasks.fulltext.columns: name the columns whose text is searched",
            "sources[2].tables.tasks.fulltext.language: 'english';--' is not a text search"
                + " configuration's name (e.g. simple)");
  }
}
