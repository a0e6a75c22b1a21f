package io.tributary.orchestrator.finalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableQueuesTest {
  private static FinalizeRepository.Step step(Kind kind, String table, int position) {
    return new FinalizeRepository.Step(
        new FinalizeStepRecord(
            position, kind, table, "-- " + kind, FinalizeStepState.PENDING, null, null, null),
        null);
  }

  @Test
  void validationsAndAnalyzeGoIntoOneQueuePerTableInTheirOrder() {
    List<FinalizeRepository.Step> steps =
        List.of(
            step(Kind.INDEX, "s.tasks", 1),
            step(Kind.DEFAULT, "s.tasks", 2),
            step(Kind.SEQUENCE, "s.agents", 3),
            step(Kind.FOREIGN_KEY, "s.embeddings", 4),
            step(Kind.FOREIGN_KEY, "s.tasks", 5),
            step(Kind.VALIDATE, "s.embeddings", 6),
            step(Kind.VALIDATE, "s.tasks", 7),
            step(Kind.VALIDATE, "s.tasks", 8),
            step(Kind.ANALYZE, "s.agents", 9),
            step(Kind.ANALYZE, "s.embeddings", 10),
            step(Kind.ANALYZE, "s.tasks", 11));

    List<List<FinalizeRepository.Step>> queues = TableQueues.of(steps);

    assertThat(queues)
        .extracting(q -> q.stream().map(s -> s.record().position()).toList())
        .containsExactly(List.of(6, 10), List.of(7, 8, 11), List.of(9));
  }

  @Test
  void onlyValidationsAndAnalyzeAreQueued() {
    for (Kind kind : Kind.values()) {
      assertThat(TableQueues.queued(kind))
          .as(kind.name())
          .isEqualTo(kind == Kind.VALIDATE || kind == Kind.ANALYZE);
    }
    assertThat(TableQueues.of(List.of(step(Kind.INDEX, "t", 1)))).isEmpty();
  }
}
