package io.tributary.cdc.capture;

import io.tributary.common.control.MigrationState;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which migration states capture runs in and which end it, derived from {@link MigrationState} so a
 * state added there (as ROLLED_BACK became active) changes capture without a second list here.
 */
public final class CaptureStates {
  private CaptureStates() {}

  /**
   * States whose sources capture reads ({@link MigrationState#isCapturing}): snapshot, streaming,
   * the cutover's drain, and after a rolled-back cutover, which replicates on.
   */
  public static List<String> capturing() {
    return names(MigrationState::isCapturing);
  }

  /**
   * States after which nothing captures the sources again, so their change capture (SQLite triggers
   * and change log, PostgreSQL slot and publication) is removed: every state that is not active,
   * except PLANNED, which never installed any. Today CUT_OVER, FAILED and ABANDONED.
   */
  public static List<String> ended() {
    return names(s -> !s.isActive() && s != MigrationState.PLANNED);
  }

  /** True when capture reads the sources of a migration in this state; false for unknown names. */
  public static boolean isCapturing(String state) {
    return capturing().contains(state);
  }

  private static List<String> names(Predicate<MigrationState> filter) {
    return Arrays.stream(MigrationState.values()).filter(filter).map(Enum::name).toList();
  }
}
