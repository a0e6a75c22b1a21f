package io.tributary.validator.continuous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.FileFingerprint;
import io.tributary.source.spi.validate.SourceFingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationPolicyTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final SourceFingerprint FILE =
      new FileFingerprint(4096, T0.minusSeconds(100), -1, null);
  private static final Map<Integer, Long> OFFSETS = Map.of(0, 42L);

  private final ValidationPolicy policy = new ValidationPolicy(Duration.ofSeconds(60));

  private static ValidationResult result(ValidationStatus status, long targetRows, Instant at) {
    return new ValidationResult(
        null,
        null,
        "m",
        "s",
        "t",
        "app",
        "t",
        ValidationMode.CONTINUOUS,
        status,
        10L,
        targetRows,
        0L,
        0L,
        0L,
        "a",
        "a",
        null,
        at,
        null,
        null);
  }

  private static TableHistory history(ValidationStatus status, Instant at) {
    ValidationResult last = result(status, 10, at);
    return new TableHistory(last, at, FILE, OFFSETS, last, Duration.ofSeconds(1));
  }

  @Test
  void aMatchWithNothingChangedIsSkippedUntilTheRefresh() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(policy.canSkip(h, FILE, Map.of(0, 42L), T0.plusSeconds(5), false, false)).isTrue();
    assertThat(policy.canSkip(h, FILE, OFFSETS, T0.plusSeconds(60), false, false)).isFalse();
  }

  @Test
  void aChangedSourceFileOrTopicIsValidatedAgain() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    SourceFingerprint written = new FileFingerprint(4096, T0.minusSeconds(100), 8192, T0);
    assertThat(policy.canSkip(h, written, OFFSETS, T0.plusSeconds(5), false, false)).isFalse();
    assertThat(policy.canSkip(h, FILE, Map.of(0, 43L), T0.plusSeconds(5), false, false)).isFalse();
  }

  @Test
  void onlyMatchesAreSkipped() {
    assertThat(
            policy.canSkip(
                history(ValidationStatus.PENDING, T0),
                FILE,
                OFFSETS,
                T0.plusSeconds(5),
                false,
                false))
        .isFalse();
    assertThat(
            policy.canSkip(
                history(ValidationStatus.MISMATCH, T0),
                FILE,
                OFFSETS,
                T0.plusSeconds(5),
                false,
                false))
        .isFalse();
  }

  @Test
  void forcedRunsAndUnknownsAreNeverSkipped() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(policy.canSkip(h, FILE, OFFSETS, T0.plusSeconds(5), true, false)).isFalse();
    assertThat(policy.canSkip(h, null, OFFSETS, T0.plusSeconds(5), false, false)).isFalse();
    assertThat(policy.canSkip(null, FILE, OFFSETS, T0.plusSeconds(5), false, false)).isFalse();
  }

  @Test
  void unreadableEndOffsetsCountAsUnchanged() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(policy.canSkip(h, FILE, null, T0.plusSeconds(5), false, false)).isTrue();
    assertThat(policy.canSkip(h, FILE, null, T0.plusSeconds(61), false, false)).isFalse();
  }

  @Test
  void aTableSlowToValidateIsReadAgainWithinTheRefreshShare() {
    ValidationPolicy budgeted =
        new ValidationPolicy(
            Duration.ofSeconds(60), Duration.ofSeconds(15), 0.05, Duration.ofMinutes(10));
    ValidationResult last = result(ValidationStatus.MATCH, 10, T0);
    TableHistory slow = new TableHistory(last, T0, FILE, OFFSETS, last, Duration.ofSeconds(12));
    assertThat(budgeted.canSkip(slow, FILE, OFFSETS, T0.plusSeconds(61), false, false))
        .as("12 s of reading at a 5 percent share: re-read after 240 s, not after the 60 s refresh")
        .isTrue();
    assertThat(budgeted.canSkip(slow, FILE, OFFSETS, T0.plusSeconds(240), false, false)).isFalse();
    TableHistory quick = new TableHistory(last, T0, FILE, OFFSETS, last, Duration.ofMillis(200));
    assertThat(budgeted.canSkip(quick, FILE, OFFSETS, T0.plusSeconds(60), false, false))
        .as("a quick table keeps the 60 s refresh")
        .isFalse();
  }

  @Test
  void anUnchangedMatchWaitsWhileAnotherTableLoads() {
    ValidationPolicy budgeted =
        new ValidationPolicy(
            Duration.ofSeconds(60), Duration.ofSeconds(15), 0.05, Duration.ofMinutes(10));
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(budgeted.canSkip(h, FILE, OFFSETS, T0.plusSeconds(120), false, true)).isTrue();
    assertThat(budgeted.canSkip(h, FILE, OFFSETS, T0.plusSeconds(600), false, true))
        .as("at most refresh-during-load")
        .isFalse();
    SourceFingerprint written = new FileFingerprint(4096, T0.minusSeconds(100), 8192, T0);
    assertThat(budgeted.canSkip(h, written, OFFSETS, T0.plusSeconds(5), false, true))
        .as("a table that changed is validated even during a load")
        .isFalse();
  }

  @Test
  void aShareOutsideItsRangeIsRefusedByName() {
    assertThatThrownBy(
            () -> new ValidationPolicy(Duration.ofSeconds(60), Duration.ZERO, 0, Duration.ZERO))
        .hasMessageContaining("tributary.validator.refresh-share");
  }

  @Test
  void aRepeatedResultIsRecordedOnlyWhenTheRefreshIsDue() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(policy.shouldRecord(h, result(ValidationStatus.MATCH, 10, T0.plusSeconds(5)), false))
        .isFalse();
    assertThat(
            policy.shouldRecord(h, result(ValidationStatus.MATCH, 10, T0.plusSeconds(60)), false))
        .isTrue();
  }

  @Test
  void aChangedResultIsRecordedAtOnce() {
    TableHistory h = history(ValidationStatus.PENDING, T0);
    assertThat(
            policy.shouldRecord(h, result(ValidationStatus.PENDING, 9, T0.plusSeconds(5)), false))
        .isTrue();
    assertThat(policy.shouldRecord(h, result(ValidationStatus.MATCH, 10, T0.plusSeconds(5)), false))
        .isTrue();
  }

  @Test
  void firstAndForcedResultsAreRecorded() {
    assertThat(policy.shouldRecord(null, result(ValidationStatus.MATCH, 10, T0), false)).isTrue();
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(policy.shouldRecord(h, result(ValidationStatus.MATCH, 10, T0.plusSeconds(1)), true))
        .isTrue();
  }

  @Test
  void aPendingTableCountedRecentlyMayWaitWhileApplyLags() {
    ValidationPolicy lagAware =
        new ValidationPolicy(Duration.ofSeconds(60), Duration.ofSeconds(15));
    TableHistory pending = history(ValidationStatus.PENDING, T0);
    assertThat(lagAware.mayDeferWhileLagging(pending, T0.plusSeconds(5), false)).isTrue();
    assertThat(lagAware.mayDeferWhileLagging(pending, T0.plusSeconds(15), false))
        .as("counted again once lag-recount has passed")
        .isFalse();
    assertThat(lagAware.mayDeferWhileLagging(pending, T0.plusSeconds(5), true))
        .as("never for a forced run")
        .isFalse();
    assertThat(lagAware.mayDeferWhileLagging(null, T0, false)).as("never counted").isFalse();
    for (ValidationStatus other :
        new ValidationStatus[] {
          ValidationStatus.MATCH, ValidationStatus.MISMATCH, ValidationStatus.ERROR
        }) {
      assertThat(lagAware.mayDeferWhileLagging(history(other, T0), T0.plusSeconds(5), false))
          .as("a %s result is not left alone for lag", other)
          .isFalse();
    }
    assertThat(policy.mayDeferWhileLagging(pending, T0.plusSeconds(1), false))
        .as("lag-recount 0 counts on every run")
        .isFalse();
  }

  @Test
  void aPendingTableWhoseValidationTookLongWaitsItsTimeOverTheRefreshShare() {
    ValidationPolicy budgeted =
        new ValidationPolicy(
            Duration.ofSeconds(60), Duration.ofSeconds(15), 0.05, Duration.ofMinutes(10));
    ValidationResult last = result(ValidationStatus.PENDING, 10, T0);
    TableHistory slow = new TableHistory(last, T0, FILE, OFFSETS, last, Duration.ofSeconds(12));
    assertThat(budgeted.mayDeferWhileLagging(slow, T0.plusSeconds(200), false))
        .as("12 s over 5 %% is 240 s, longer than lag-recount")
        .isTrue();
    assertThat(budgeted.mayDeferWhileLagging(slow, T0.plusSeconds(240), false)).isFalse();
    TableHistory quick = new TableHistory(last, T0, FILE, OFFSETS, last, Duration.ofMillis(100));
    assertThat(budgeted.mayDeferWhileLagging(quick, T0.plusSeconds(15), false))
        .as("a quick one waits lag-recount")
        .isFalse();
  }
}
