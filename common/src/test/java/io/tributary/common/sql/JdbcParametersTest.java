package io.tributary.common.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcParametersTest {
  @Test
  void numberedParametersBecomeQuestionMarksInOrder() {
    JdbcParameters p =
        JdbcParameters.of(
            "UPDATE t SET a = $2, b = $1::text::jsonb WHERE c = $2 AND d = '$1' AND \"$3\" = $10");
    assertThat(p.sql())
        .isEqualTo(
            "UPDATE t SET a = ?, b = ?::text::jsonb WHERE c = ? AND d = '$1' AND \"$3\" = ?");
  }

  @Test
  void aStatementWithoutParametersIsUnchanged() {
    assertThat(JdbcParameters.of("SELECT 1").sql()).isEqualTo("SELECT 1");
  }
}
