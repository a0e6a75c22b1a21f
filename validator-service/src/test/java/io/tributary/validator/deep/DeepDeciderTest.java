package io.tributary.validator.deep;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.validator.Verdict;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.Difference;
import io.tributary.validator.diff.DifferenceKind;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeepDeciderTest {
  private static final DiffResult SAME =
      new DiffResult(100, 100, 2, "a", "a", 0, 0, 0, List.of(), true, 1, 64, 0);

  private static final DiffResult DIFFERENT =
      new DiffResult(
          100,
          100,
          0,
          "a",
          "b",
          1,
          1,
          1,
          List.of(
              new Difference(
                  DifferenceKind.DIFFERING,
                  ChangeEventCodec.MAPPER.createObjectNode().put("id", 7),
                  List.of("name", "embedding"),
                  null,
                  null,
                  null)),
          true,
          3,
          80,
          2);

  @Test
  @DisplayName(
      "When nothing differs then deep and final say MATCH, with the rejected rows left out")
  void match() {
    for (ValidationMode mode : List.of(ValidationMode.DEEP, ValidationMode.FINAL)) {
      Verdict v = DeepDecider.decide(mode, SAME, true, 0L, null, true, true);
      assertThat(v.status()).isEqualTo(ValidationStatus.MATCH);
      assertThat(v.detail())
          .isEqualTo("100 rows equal on both sides; 2 rows rejected by apply left out");
    }
  }

  @Test
  @DisplayName(
      "When rows differ with nothing in flight then deep says MISMATCH and names the columns")
  void mismatch() {
    Verdict v = DeepDecider.decide(ValidationMode.DEEP, DIFFERENT, true, 0L, null, true, true);
    assertThat(v.status()).isEqualTo(ValidationStatus.MISMATCH);
    assertThat(v.detail())
        .isEqualTo(
            "3 rows differ: 1 missing from the target, 1 extra in the target, 1 with different"
                + " values (columns: name, embedding); 1 listed");
  }

  @Test
  @DisplayName("When apply lags or the source was just written then deep differences are PENDING")
  void pending() {
    assertThat(
            DeepDecider.decide(ValidationMode.DEEP, DIFFERENT, true, 5L, null, true, true).detail())
        .startsWith("apply lag 5 messages; 3 rows differ")
        .endsWith("(may still be in flight)");
    assertThat(DeepDecider.decide(ValidationMode.DEEP, DIFFERENT, true, 0L, null, false, false))
        .extracting(Verdict::status)
        .isEqualTo(ValidationStatus.PENDING);
    assertThat(
            DeepDecider.decide(ValidationMode.DEEP, DIFFERENT, true, null, "timeout", true, true)
                .status())
        .isEqualTo(ValidationStatus.ERROR);
  }

  @Test
  @DisplayName(
      "When a final validation runs on a source that is not drained or not frozen then it is an"
          + " ERROR saying which, even if the rows are equal")
  void finalNeedsAFrozenDrainedSource() {
    Verdict lag = DeepDecider.decide(ValidationMode.FINAL, SAME, true, 3L, null, true, true);
    assertThat(lag.status()).isEqualTo(ValidationStatus.ERROR);
    assertThat(lag.detail())
        .startsWith(
            "final validation needs a frozen, drained source: apply has 3 messages not yet applied");
    Verdict written = DeepDecider.decide(ValidationMode.FINAL, SAME, true, 0L, null, false, false);
    assertThat(written.detail()).contains("the source was written during the comparison");
    Verdict unknown =
        DeepDecider.decide(ValidationMode.FINAL, SAME, false, null, "no broker", true, true);
    assertThat(unknown.detail())
        .contains("the snapshot is not done", "apply lag unknown (no broker)");
    assertThat(
            DeepDecider.decide(ValidationMode.FINAL, DIFFERENT, true, 0L, null, true, true)
                .status())
        .isEqualTo(ValidationStatus.MISMATCH);
  }

  @Test
  @DisplayName("When the comparison was cut short then the detail says it is not complete")
  void incomplete() {
    DiffResult cut = new DiffResult(10, 0, 0, "a", "b", 10, 0, 0, List.of(), false, 10, 80, 9);
    assertThat(DeepDecider.summary(cut)).contains("not complete");
  }
}
