package io.tributary.orchestrator.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a fallback window says of itself without a database. */
class FallbackWindowsTest {
  @Test
  @DisplayName("A window's length as plans write it")
  void describe() {
    assertThat(FallbackWindows.describe(Duration.ofHours(24))).isEqualTo("1d");
    assertThat(FallbackWindows.describe(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(FallbackWindows.describe(Duration.ofMinutes(90))).isEqualTo("90m");
  }
}
