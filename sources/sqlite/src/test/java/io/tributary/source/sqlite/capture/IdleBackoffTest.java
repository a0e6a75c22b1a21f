package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdleBackoffTest {

  private static List<Long> waits(IdleBackoff backoff, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(backoff.nothingFound());
    }
    return out;
  }

  @Test
  @DisplayName("An idle source is looked at every poll interval, as before any change was found")
  void idleFromTheStart() {
    assertThat(waits(new IdleBackoff(100), 3)).containsExactly(100L, 100L, 100L);
  }

  @Test
  @DisplayName("After changes were found the wait starts at 2 ms and doubles up to the interval")
  void shortAfterChanges() {
    IdleBackoff backoff = new IdleBackoff(100);
    backoff.nothingFound();
    backoff.found();
    assertThat(waits(backoff, 8)).containsExactly(2L, 4L, 8L, 16L, 32L, 64L, 100L, 100L);
    backoff.found();
    assertThat(backoff.nothingFound()).isEqualTo(2L);
  }

  @Test
  @DisplayName("An interval shorter than the first wait caps it")
  void tinyInterval() {
    IdleBackoff backoff = new IdleBackoff(1);
    backoff.found();
    assertThat(waits(backoff, 2)).containsExactly(1L, 1L);
    assertThatThrownBy(() -> new IdleBackoff(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 ms, not 0");
  }
}
