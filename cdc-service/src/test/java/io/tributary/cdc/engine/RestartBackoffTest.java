package io.tributary.cdc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  @Test
  void anEngineThatFailedWaitsOutTheBackoffUnlessItsFailureIsForgotten() {
    AtomicReference<Duration> wait = new AtomicReference<>(Duration.ofHours(1));
    RestartBackoff backoff = new RestartBackoff(wait::get);

    assertThat(backoff.due("m/a")).isTrue();
    backoff.failed("m/a");
    assertThat(backoff.due("m/a")).isFalse();
    assertThat(backoff.due("m/b")).as("another engine's failure does not hold it").isTrue();

    wait.set(Duration.ZERO);
    assertThat(backoff.due("m/a")).as("the backoff is configuration, read at each look").isTrue();

    wait.set(Duration.ofHours(1));
    assertThat(backoff.forget("m/a")).isTrue();
    assertThat(backoff.due("m/a")).isTrue();
    assertThat(backoff.forget("m/a")).as("nothing left to forget").isFalse();
  }
}
