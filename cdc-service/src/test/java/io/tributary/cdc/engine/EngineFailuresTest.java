package io.tributary.cdc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class EngineFailuresTest {
  @Test
  void namesEveryCauseOnceAndTheInnermostType() {
    SQLException cause = new SQLException("[SQLITE_ERROR] no such table: _tributary_changes");
    ConnectException failure =
        new ConnectException(
            "Failed to capture /data/app.db at position 42: " + cause.getMessage(), cause);
    assertThat(EngineFailures.describe(failure))
        .isEqualTo(
            "Failed to capture /data/app.db at position 42: [SQLITE_ERROR] no such table:"
                + " _tributary_changes (SQLException)");
  }

  @Test
  void withoutMessagesOrFailure() {
    assertThat(EngineFailures.describe(new IllegalStateException()))
        .isEqualTo("(IllegalStateException)");
    assertThat(EngineFailures.describe(null)).contains("see cdc-service's log");
    assertThat(EngineFailures.describe(new RuntimeException("x".repeat(5000))))
        .hasSize(EngineFailures.MAX_LENGTH)
        .endsWith("…");
  }
}
