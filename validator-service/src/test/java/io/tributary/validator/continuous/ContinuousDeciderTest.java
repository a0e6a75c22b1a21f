package io.tributary.validator.continuous;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.validation.ValidationStatus;
import io.tributary.common.value.TableChecksum;
import io.tributary.validator.Verdict;
import org.junit.jupiter.api.Test;

class ContinuousDeciderTest {
  private static final String A = "0123456789abcdef0123456789abcdef";
  private static final String B = "fedcba9876543210fedcba9876543210";

  private static Observation seen(
      long source,
      long target,
      long rejected,
      String sourceSum,
      String targetSum,
      boolean snapshotDone,
      Long lag) {
    return new Observation(
        source,
        target,
        rejected,
        0L,
        sourceSum,
        targetSum,
        snapshotDone,
        lag,
        null,
        true,
        Alignment.unknown("no change log"));
  }

  @Test
  void equalCountsAndChecksumsMatch() {
    Verdict verdict = ContinuousDecider.decide(seen(10, 10, 0, A, A, true, 0L));
    assertThat(verdict.status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(verdict.detail()).isNull();
  }

  @Test
  void matchesWhileSnapshotRunsOrApplyLags() {
    assertThat(ContinuousDecider.decide(seen(10, 10, 0, A, A, false, 7L)).status())
        .isEqualTo(ValidationStatus.MATCH);
  }

  @Test
  void rejectsMakeUpForMissingRowsAndTheOtherRowsAreCompared() {
    Verdict verdict = ContinuousDecider.decide(seen(10, 8, 2, A, A, true, 0L));
    assertThat(verdict.status()).isEqualTo(ValidationStatus.MATCH);
    assertThat(verdict.detail())
        .isEqualTo("2 rows rejected by apply; checksums equal over the other 8 rows");
  }

  @Test
  void aChangedValueBesideRejectsMismatches() {
    Verdict verdict = ContinuousDecider.decide(seen(10, 8, 2, A, B, true, 0L));
    assertThat(verdict.status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(verdict.detail())
        .startsWith("checksums differ over 8 rows apply did not reject: source " + A);
  }

  @Test
  void differentChecksumsWithNothingInFlightMismatch() {
    Verdict verdict = ContinuousDecider.decide(seen(10, 10, 0, A, B, true, 0L));
    assertThat(verdict.status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(verdict.detail()).contains("checksums differ").contains(A).contains(B);
  }

  @Test
  void missingRowsWithNothingInFlightMismatchOnCounts() {
    Verdict verdict = ContinuousDecider.decide(seen(10, 9, 0, null, null, true, 0L));
    assertThat(verdict.status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(verdict.detail())
        .isEqualTo(
            "row counts differ: source 10, target 9 + rejected 0 = 9 (1 missing from the target)");
  }

  @Test
  void extraRowsAreNamedAsSuch() {
    assertThat(ContinuousDecider.decide(seen(10, 12, 0, null, null, true, 0L)).detail())
        .contains("2 more in the target");
  }

  @Test
  void pendingWhileSnapshotNotDone() {
    Verdict verdict = ContinuousDecider.decide(seen(10, 4, 0, null, null, false, 0L));
    assertThat(verdict.status()).isEqualTo(ValidationStatus.PENDING);
    assertThat(verdict.detail()).startsWith("snapshot not done; row counts differ");
  }

  @Test
  void aTableFarBehindItsTopicIsCountedNotSummedAndPending() {
    Verdict verdict = ContinuousDecider.decide(seen(10, 10, 0, null, null, true, 60_000L));
    assertThat(verdict.status()).isEqualTo(ValidationStatus.PENDING);
    assertThat(verdict.detail())
        .isEqualTo(
            "apply lag 60000 messages; row counts agree (10); checksums not computed while"
                + " capture or apply is far behind");
  }

  @Test
  void pendingWhileApplyLags() {
    Verdict verdict = ContinuousDecider.decide(seen(10, 10, 0, A, B, true, 3L));
    assertThat(verdict.status()).isEqualTo(ValidationStatus.PENDING);
    assertThat(verdict.detail()).startsWith("apply lag 3 messages; checksums differ");
  }

  @Test
  void pendingWhileSourceWasJustWritten() {
    Observation o = new Observation(10, 9, 0, null, null, null, true, 0L, null, false, null);
    Verdict verdict = ContinuousDecider.decide(o);
    assertThat(verdict.status()).isEqualTo(ValidationStatus.PENDING);
    assertThat(verdict.detail()).startsWith("source written moments ago");
  }

  @Test
  void unknownLagWithADifferenceIsAnError() {
    Observation o =
        new Observation(10, 9, 0, null, null, null, true, null, "Kafka: down", true, null);
    Verdict verdict = ContinuousDecider.decide(o);
    assertThat(verdict.status()).isEqualTo(ValidationStatus.ERROR);
    assertThat(verdict.detail()).contains("Kafka: down").contains("row counts differ");
  }

  @Test
  void unknownLagDoesNotSpoilAMatch() {
    Observation o = new Observation(10, 10, 0, 0L, A, A, true, null, "Kafka: down", true, null);
    assertThat(ContinuousDecider.decide(o).status()).isEqualTo(ValidationStatus.MATCH);
  }

  @Test
  void undecodableSourceRowsThatWereNotRejectedAreNamed() {
    Observation o = new Observation(10, 10, 0, 1L, A, B, true, 0L, null, true, null);
    assertThat(ContinuousDecider.decide(o).detail()).contains("1 source rows cannot be decoded");
  }

  @Test
  void emptyTablesMatch() {
    String empty = new TableChecksum().hex();
    assertThat(ContinuousDecider.decide(seen(0, 0, 0, empty, empty, false, 0L)).status())
        .isEqualTo(ValidationStatus.MATCH);
  }

  @Test
  void aDifferenceAtAnAlignedPositionIsAMismatchAtOnceEvenWhileTheSourceIsWritten() {
    Observation o =
        new Observation(10, 9, 0, null, null, null, true, 0L, null, false, Alignment.aligned(42));
    Verdict verdict = ContinuousDecider.decide(o);
    assertThat(verdict.status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(verdict.detail())
        .startsWith("row counts differ: source 10, target 9")
        .contains("both read at source position 42");
  }

  @Test
  void anAlignedMatchIsAMatch() {
    Observation o =
        new Observation(10, 10, 0, 0L, A, A, true, 0L, null, false, Alignment.aligned(42));
    assertThat(ContinuousDecider.decide(o).status()).isEqualTo(ValidationStatus.MATCH);
  }

  @Test
  void changesKnownInFlightKeepADifferencePendingThoughTheSourceLooksSettled() {
    Observation o =
        new Observation(
            10,
            9,
            0,
            null,
            null,
            null,
            true,
            0L,
            null,
            true,
            Alignment.inFlight("capture has delivered changes up to source position 7"));
    Verdict verdict = ContinuousDecider.decide(o);
    assertThat(verdict.status()).isEqualTo(ValidationStatus.PENDING);
    assertThat(verdict.detail())
        .startsWith("capture has delivered changes up to source position 7; row counts differ");
  }

  @Test
  void withoutAPositionTheSettleTimeDecides() {
    Observation o =
        new Observation(
            10, 9, 0, null, null, null, true, 0L, null, true, Alignment.unknown("no change log"));
    assertThat(ContinuousDecider.decide(o).status()).isEqualTo(ValidationStatus.MISMATCH);
  }
}
