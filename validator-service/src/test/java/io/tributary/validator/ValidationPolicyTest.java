package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;

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
        "m",
        "s",
        "t",
        "app",
        "t",
        "continuous",
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
}
