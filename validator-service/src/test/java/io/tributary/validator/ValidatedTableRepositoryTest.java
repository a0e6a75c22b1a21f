package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidatedTableRepositoryTest {
  @Test
  void validatesThroughTheCutoverAndAfterARollback() {
    assertThat(ValidatedTableRepository.isActive("REPLICATING")).isTrue();
    assertThat(ValidatedTableRepository.isActive("CUTTING_OVER")).isTrue();
    assertThat(ValidatedTableRepository.isActive("ROLLED_BACK")).isTrue();
  }

  @Test
  void notOnceTheMigrationEnded() {
    assertThat(ValidatedTableRepository.isActive("CUT_OVER")).isFalse();
    assertThat(ValidatedTableRepository.isActive("FAILED")).isFalse();
    assertThat(ValidatedTableRepository.isActive("PLANNED")).isFalse();
    assertThat(ValidatedTableRepository.isActive("NO_SUCH_STATE")).isFalse();
  }

  @Test
  void continuousValidationPausesWhileTheFinalValidationOfACutoverRuns() {
    assertThat(ValidatedTableRepository.isContinuous("SNAPSHOTTING")).isTrue();
    assertThat(ValidatedTableRepository.isContinuous("REPLICATING")).isTrue();
    assertThat(ValidatedTableRepository.isContinuous("ROLLED_BACK")).isTrue();
    assertThat(ValidatedTableRepository.isContinuous("CUTTING_OVER")).isFalse();
    assertThat(ValidatedTableRepository.isContinuous("CUT_OVER")).isFalse();
  }
}
