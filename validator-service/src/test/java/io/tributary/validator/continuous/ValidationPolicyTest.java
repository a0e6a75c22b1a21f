package io.tributary.validator.continuous;

import static org.assertj.core.api.Assertions.assertThat;

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
    return new TableHistory(last, at, FILE, OFFSETS, last);
  }

  @Test
  void aMatchWithNothingChangedIsSkippedUntilTheRefresh() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(policy.canSkip(h, FILE, Map.of(0, 42L), T0.plusSeconds(5), false)).isTrue();
    assertThat(policy.canSkip(h, FILE, OFFSETS, T0.plusSeconds(60), false)).isFalse();
  }

  @Test
  void aChangedSourceFileOrTopicIsValidatedAgain() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    SourceFingerprint written = new FileFingerprint(4096, T0.minusSeconds(100), 8192, T0);
    assertThat(policy.canSkip(h, written, OFFSETS, T0.plusSeconds(5), false)).isFalse();
    assertThat(policy.canSkip(h, FILE, Map.of(0, 43L), T0.plusSeconds(5), false)).isFalse();
  }

  @Test
  void onlyMatchesAreSkipped() {
    assertThat(
            policy.canSkip(
                history(ValidationStatus.PENDING, T0), FILE, OFFSETS, T0.plusSeconds(5), false))
        .isFalse();
    assertThat(
            policy.canSkip(
                history(ValidationStatus.MISMATCH, T0), FILE, OFFSETS, T0.plusSeconds(5), false))
        .isFalse();
  }

  @Test
  void forcedRunsAndUnknownsAreNeverSkipped() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(policy.canSkip(h, FILE, OFFSETS, T0.plusSeconds(5), true)).isFalse();
    assertThat(policy.canSkip(h, null, OFFSETS, T0.plusSeconds(5), false)).isFalse();
    assertThat(policy.canSkip(null, FILE, OFFSETS, T0.plusSeconds(5), false)).isFalse();
  }

  @Test
  void unreadableEndOffsetsCountAsUnchanged() {
    TableHistory h = history(ValidationStatus.MATCH, T0);
    assertThat(policy.canSkip(h, FILE, null, T0.plusSeconds(5), false)).isTrue();
    assertThat(policy.canSkip(h, FILE, null, T0.plusSeconds(61), false)).isFalse();
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
}
