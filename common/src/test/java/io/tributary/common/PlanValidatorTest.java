package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.PlanException;
import io.tributary.common.plan.PlanParser;
import io.tributary.common.plan.PlanValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanValidatorTest {
  @TempDir Path dir;

  private MigrationPlan parse(String yaml) {
    return new PlanParser(Map.<String, String>of()::get).parse(yaml);
  }

  private List<PlanError> errorsOf(String yaml) {
    try {
      new PlanValidator(dir).validate(parse(yaml));
      throw new AssertionError("expected a PlanException");
    } catch (PlanException e) {
      return e.errors();
    }
  }

  @Test
  void makesPathsAbsoluteAndDerivesSchemas() throws Exception {
    Files.writeString(dir.resolve("a.db"), "");
    MigrationPlan plan =
        new PlanValidator(dir)
            .validate(parse("migration: m\nsources: [{name: my-app, kind: sqlite, path: a.db}]"));
    assertThat(plan.sources().get(0).path()).isEqualTo(dir.resolve("a.db").toString());
    assertThat(plan.sources().get(0).schema()).isEqualTo("my_app");
  }

  @Test
  void refusesWhatThisVersionCannotDo() {
    List<PlanError> errors =
        errorsOf(
            """
            migration: m
            sources:
              - {name: a, kind: sqlite, path: missing.db}
              - {name: b, kind: postgres, url: 'postgresql://x/y', schema: a}
              - {name: c, kind: sqlite, schema: tributary}
              - {name: a, kind: sqlite, path: x.db, schema: Not-Valid}
            """);
    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactlyInAnyOrder(
            "sources[0].path",
            "sources[1].kind",
            "sources[1].schema",
            "sources[2].schema",
            "sources[2].path",
            "sources[3].name",
            "sources[3].schema",
            "sources[3].path");
    assertThat(errors.get(0).message()).contains("no such file");
  }
}
