package io.tributary.orchestrator.finalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.sql.FinalizeStep.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableQueuesTest {
  private record Step(Kind kind, String table, int position) {}

  private static final TableQueues.StepView<Step> VIEW =
      new TableQueues.StepView<>() {
        @Override
        public Kind kind(Step step) {
          return step.kind();
        }

        @Override
        public String table(Step step) {
          return step.table();
        }
      };

  @Test
  void validationsAndAnalyzeGoIntoOneQueuePerTableInTheirOrder() {
    List<Step> steps =
        List.of(
            new Step(Kind.INDEX, "s.tasks", 1),
            new Step(Kind.DEFAULT, "s.tasks", 2),
            new Step(Kind.SEQUENCE, "s.agents", 3),
            new Step(Kind.FOREIGN_KEY, "s.embeddings", 4),
            new Step(Kind.FOREIGN_KEY, "s.tasks", 5),
            new Step(Kind.VALIDATE, "s.embeddings", 6),
            new Step(Kind.VALIDATE, "s.tasks", 7),
            new Step(Kind.VALIDATE, "s.tasks", 8),
            new Step(Kind.ANALYZE, "s.agents", 9),
            new Step(Kind.ANALYZE, "s.embeddings", 10),
            new Step(Kind.ANALYZE, "s.tasks", 11));

    List<List<Step>> queues = TableQueues.of(steps, VIEW);

    assertThat(queues)
        .extracting(q -> q.stream().map(Step::position).toList())
        .containsExactly(List.of(6, 10), List.of(7, 8, 11), List.of(9));
  }

  @Test
  void onlyValidationsAndAnalyzeAreQueued() {
    for (Kind kind : Kind.values()) {
      assertThat(TableQueues.queued(kind))
          .as(kind.name())
          .isEqualTo(kind == Kind.VALIDATE || kind == Kind.ANALYZE);
    }
    assertThat(TableQueues.of(List.of(new Step(Kind.INDEX, "t", 1)), VIEW)).isEmpty();
  }
}
