package io.tributary.orchestrator.finalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DefinitionAheadStatementsTest {
  @Test
  void aStepRunsAsAStringInABlockThatCatchesItsError() {
    assertThat(
            DefinitionAheadStatements.guarded(
                "ALTER TABLE \"s\".\"t\" ALTER COLUMN \"c\" SET DEFAULT 'it''s'"))
        .isEqualTo(
            "DO $tributary_ahead$ BEGIN EXECUTE 'ALTER TABLE \"s\".\"t\" ALTER COLUMN \"c\" SET"
                + " DEFAULT ''it''''s'''; EXCEPTION WHEN OTHERS THEN PERFORM"
                + " set_config('tributary.definition_failed', SQLERRM || ' (' || SQLSTATE || ')',"
                + " true); END $tributary_ahead$");
  }

  @Test
  void aStepHoldingTheBlocksTagIsLeftToFinalize() {
    assertThat(DefinitionAheadStatements.guarded("SELECT '$tributary_ahead$'")).isNull();
  }
}
