package io.tributary.orchestrator.cutover;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.metrics.CutoverMetrics;
import io.tributary.orchestrator.step.StepFailure;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a cutover's steps leave in the audit log and the metrics. */
class CutoverJournalTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Pool pool = mock(Pool.class);
  private final CutoverRepository cutovers = mock(CutoverRepository.class);
  private final CutoverMetrics metrics = mock(CutoverMetrics.class);
  private final CutoverJournal journal;

  CutoverJournalTest() {
    OrchestratorConfig config = mock(OrchestratorConfig.class);
    when(config.databaseTimeout()).thenReturn(TIMEOUT);
    journal = new CutoverJournal(pool, cutovers, new ObjectMapper(), config, metrics);
  }

  @Test
  void aStepUnderWayIsTheCutoversStep() {
    journal.started(TestRuns.run(), "freeze");

    verify(cutovers).step(pool, 7L, "freeze", TIMEOUT);
  }

  @Test
  void whatAStepDidGoesToTheAuditLog() {
    journal.ended(TestRuns.run(), "fence", "fences [1, 2] published", 12);

    verify(metrics).stepEnded("m", "fence", false, 12);
    verify(cutovers)
        .stepEvent(
            pool,
            "m",
            MigrationState.CUTTING_OVER,
            "ops",
            "fences [1, 2] published",
            7L,
            "fence",
            12L,
            TIMEOUT);
  }

  @Test
  void aFailedStepIsRecordedFailedWithWhy() {
    journal.failed(TestRuns.run(), "drain", StepFailure.of("drain", "fence 3 not applied"), 60_000);

    verify(metrics).stepEnded("m", "drain", true, 60_000);
    verify(cutovers)
        .stepEvent(
            pool,
            "m",
            MigrationState.CUTTING_OVER,
            "ops",
            "FAILED: drain: fence 3 not applied",
            7L,
            "drain",
            60_000L,
            TIMEOUT);
  }

  @Test
  void anAuditLogThatCannotBeWrittenDoesNotFailTheStep() {
    doThrow(new IllegalStateException("Timeout"))
        .when(cutovers)
        .stepEvent(any(), any(), any(), any(), any(), anyLong(), any(), anyLong(), any());

    journal.ended(TestRuns.run(), "fence", "done", 1);

    verify(metrics).stepEnded("m", "fence", false, 1);
  }
}
