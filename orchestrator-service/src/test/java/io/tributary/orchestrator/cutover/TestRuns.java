package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.freeze.CutoverSource;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Cutover runs for unit tests of the steps (and fallback tests): no servers, no CDI. */
public final class TestRuns {
  public static final CutoverSource APP =
      new CutoverSource("app", SourceKind.SQLITE, "/data/app.db", "app", List.of("notes"));
  static final CutoverSource SHOP =
      new CutoverSource(
          "shop", SourceKind.POSTGRES, "postgresql://127.0.0.1/shop", "shop", List.of("public.o"));

  private TestRuns() {}

  /** Cutover 7 of {@code migration}, at its first step. */
  public static Cutover cutover(String migration) {
    return new Cutover(
        7L,
        migration,
        "ops",
        null,
        OffsetDateTime.now(),
        "prepare",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A run of migration {@code m} over the sources APP and SHOP. */
  static CutoverRun run(CutoverPlan plan) {
    return new CutoverRun("ops", CutoverOptions.DEFAULTS, cutover("m"), plan, List.of(APP, SHOP));
  }

  static CutoverRun run() {
    return run(CutoverPlan.defaults());
  }

  /** A plan with one step's timeout changed. */
  static CutoverPlan timeout(CutoverStep step, Duration limit) {
    return new CutoverPlan(Map.of(step, limit), true, null, null, false);
  }

  /** The action of {@code step} that does {@code body}. */
  static CutoverStepAction action(CutoverStep step, Function<CutoverRun, String> body) {
    return new CutoverStepAction() {
      @Override
      public CutoverStep step() {
        return step;
      }

      @Override
      public String run(CutoverRun run) {
        return body.apply(run);
      }
    };
  }

  static CutoverPlan actions(boolean keepSourcesReadOnly, CutoverAction... actions) {
    return new CutoverPlan(null, keepSourcesReadOnly, null, List.of(actions), false);
  }
}
