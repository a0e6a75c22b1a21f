package io.tributary.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that sleeping only moves on. */
final class FakeTicker implements Ticker {
  private Instant now;
  final List<Duration> sleeps = new ArrayList<>();

  FakeTicker(Instant start) {
    this.now = start;
  }

  FakeTicker() {
    this(Instant.parse("2026-11-25T21:00:00Z"));
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    now = now.plus(duration);
  }
}
