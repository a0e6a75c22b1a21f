package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetErrorsTest {

  @ParameterizedTest(name = "{0} is about the rows: rejected, never retried forever")
  @ValueSource(
      strings = {
        "22P02", // invalid text representation
        "22021", // NUL in text
        "23505", // unique violation
        "23514", // check violation
        "54000", // index row too large
        "P0001", // raised by a CHECK function
        "42703", // a column the target lacks
        "42P01", // a table the target lacks
        "42804", // datatype mismatch
        "2200G" // most specific type mismatch
      })
  void errorsAboutTheRowsAreNotTransient(String sqlState) {
    assertThat(TargetErrors.isTransient(sqlState)).isFalse();
  }

  @ParameterizedTest(name = "{0} is transient: the batch is written again")
  @ValueSource(
      strings = {
        "08006", // connection failure
        "40001", // serialization failure
        "40P01", // deadlock
        "53100", // disk full
        "53300", // too many connections
        "57014", // query canceled (statement timeout)
        "57P01", // admin shutdown
        "58030", // I/O error
        "55P03", // lock not available
        "XX000", // internal error
        "25P02" // in failed transaction
      })
  void transientErrorsAreRetried(String sqlState) {
    assertThat(TargetErrors.isTransient(sqlState)).isTrue();
  }

  @ParameterizedTest(name = "a missing or malformed SQLSTATE ({0}) is retried")
  @ValueSource(strings = {"", "XX", "123456"})
  void unknownStatesAreRetried(String sqlState) {
    assertThat(TargetErrors.isTransient(sqlState)).isTrue();
    assertThat(TargetErrors.isTransient(null)).isTrue();
  }
}
