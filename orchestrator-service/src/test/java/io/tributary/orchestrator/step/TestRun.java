package io.tributary.orchestrator.step;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;

/** A stoppable run of sequence {@code test}, id 7, migration {@code m}, for the runner's tests. */
final class TestRun implements StoppableRun {
  private final Map<String, Duration> timeouts;
  private Future<?> step;
  private String stopReason;

  TestRun(Map<String, Duration> timeouts) {
    this.timeouts = timeouts;
  }

  TestRun() {
    this(Map.of());
  }

  @Override
  public String sequence() {
    return "test";
  }

  @Override
  public long id() {
    return 7;
  }

  @Override
  public String migration() {
    return "m";
  }

  @Override
  public synchronized boolean cancelled() {
    return stopReason != null;
  }

  @Override
  public synchronized String rollbackReason() {
    return stopReason;
  }

  @Override
  public synchronized void step(Future<?> running) {
    this.step = running;
  }

  @Override
  public Duration timeout(String name) {
    return timeouts.getOrDefault(name, Duration.ofSeconds(10));
  }

  @Override
  public Duration stopGrace() {
    return Duration.ofSeconds(10);
  }

  /** What an operator's rollback request does: the step running is cancelled. */
  synchronized void stop(String reason) {
    stopReason = reason;
    if (step != null) {
      step.cancel(true);
    }
  }
}
