package io.tributary.orchestrator.cutover;

import io.tributary.orchestrator.OrchestratorConfig;

/**
 * The catch-up policy of a cutover's {@code prepare} and of a fallback's {@code verify}: rounds
 * before the freeze, each bringing the compared position up to now, until one took less than {@code
 * catch-up-until} or {@code catch-up-rounds} ran; the gate under the freeze then has only what
 * changed during the last round.
 */
public final class CatchUpRounds {
  /** One round: what it did, in words. */
  @FunctionalInterface
  public interface Round {
    String run(int round);
  }

  private CatchUpRounds() {}

  /**
   * Runs the rounds.
   *
   * @param most the most rounds (at most {@code catch-up-rounds})
   * @param lastMs how long the comparison before them took
   * @return what the rounds did, each after "; " with its duration
   */
  public static String run(
      OrchestratorConfig.Cutover settings, int most, long lastMs, Round round) {
    StringBuilder out = new StringBuilder();
    long last = lastMs;
    int rounds = Math.min(most, settings.catchUpRounds());
    for (int r = 1; r <= rounds && last >= settings.catchUpUntil().toMillis(); r++) {
      long started = System.nanoTime();
      String done = round.run(r);
      last = (System.nanoTime() - started) / 1_000_000;
      out.append("; ").append(done).append(" in ").append(last).append(" ms");
    }
    return out.toString();
  }
}
