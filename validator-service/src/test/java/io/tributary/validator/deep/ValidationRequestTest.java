package io.tributary.validator.deep;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.validation.ValidationMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationRequestTest {
  @Test
  void aPrecutoverVerificationComparesEveryRowAtItsPosition() {
    ValidationRequest r = request(ValidationMode.PRECUTOVER, List.of(3L), List.of());
    assertThat(r.changedRowsOnly()).isFalse();
    assertThat(r.catchUp()).isFalse();
    assertThat(r.position()).containsExactly(3L);
  }

  @Test
  void aCatchUpRoundComparesTheRowsChangedBetweenTwoPositionsAndVerifiesAtTheSecond() {
    ValidationRequest r = request(ValidationMode.PRECUTOVER, List.of(3L), List.of(7L));
    assertThat(r.changedRowsOnly()).isTrue();
    assertThat(r.catchUp()).isTrue();
    assertThat(r.position()).containsExactly(7L);
  }

  @Test
  void aFinalGateComparesTheRowsChangedAfterPUnlessFull() {
    assertThat(request(ValidationMode.FINAL, List.of(7L), List.of(9L)).changedRowsOnly()).isTrue();
    assertThat(request(ValidationMode.FINAL, List.of(), List.of()).changedRowsOnly()).isFalse();
    assertThat(request(ValidationMode.FINAL, List.of(7L), List.of(9L)).catchUp()).isFalse();
  }

  private static ValidationRequest request(
      ValidationMode mode, List<Long> since, List<Long> until) {
    return new ValidationRequest(1, "m", mode, null, null, "cutover", since, until);
  }
}
