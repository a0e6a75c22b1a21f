package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DatabaseWaitTest {
  private final DatabaseWait wait =
      new DatabaseWait(Duration.ofMillis(100), Duration.ofMillis(200));

  @Test
  @DisplayName("An answer within the bound is returned")
  void answers() {
    assertThat(wait.control(Uni.createFrom().item(7), "reading")).isEqualTo(7);
  }

  @Test
  @DisplayName("No answer within the bound fails naming what was waited for and the setting")
  void boundsTheWait() {
    assertThatThrownBy(() -> wait.control(Uni.createFrom().nothing(), "reading the state of m"))
        .isInstanceOf(DatabaseTimeoutException.class)
        .hasMessage(
            "the target database did not answer within PT0.1S while reading the state of m"
                + " (tributary.validator.database-timeout)");
    assertThatThrownBy(() -> wait.query(Uni.createFrom().nothing(), "counting t"))
        .hasMessageContaining("PT0.2S while counting t (tributary.validator.query-timeout)");
  }
}
