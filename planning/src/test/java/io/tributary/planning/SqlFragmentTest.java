package io.tributary.planning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlFragmentTest {

  @ParameterizedTest(name = "CHECK ({0}) is one expression")
  @ValueSource(
      strings = {
        "qty >= 0",
        "status IN ('idle', 'busy', 'it''s late')",
        "length(name) BETWEEN 1 AND 80",
        "coalesce(a, b) > 0",
        "note <> $$a;b$$",
        "note <> $t$a)--b$t$",
        "\"weird;name\" IS NOT NULL",
        "x ~ E'\\\\d+;'",
        "(a > 0) AND (b > 0)"
      })
  void expressionsPass(String check) {
    assertThat(SqlFragment.checkProblem(check)).isNull();
  }

  @ParameterizedTest(name = "CHECK ({0}) is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "true)); SELECT pg_sleep(0); --|closes a parenthesis it did not open",
        "true; DROP TABLE x|holds a ';'",
        "true) NOT VALID, ADD CONSTRAINT c CHECK (false|closes a parenthesis it did not open",
        "a > 0, b > 0|holds a ',' outside parentheses",
        "a > 0 -- trailing|holds a comment",
        "a > 0 /* x */|holds a comment",
        "name = 'open|has a string that does not end",
        "\"open > 0|has a quoted name that does not end",
        "note <> $t$open|has a dollar-quoted string that does not end",
        "(a > 0|leaves 1 parenthesis(es) open"
      })
  void statementsAreRefused(String check, String problem) {
    assertThat(SqlFragment.checkProblem(check)).startsWith(problem);
  }

  @ParameterizedTest(name = "DEFAULT {0} is one value")
  @ValueSource(strings = {"0", "'idle'", "'[]'::jsonb", "now()", "NULL", "gen_random_uuid()"})
  void defaultsPass(String value) {
    assertThat(SqlFragment.defaultProblem(value)).isNull();
  }

  @ParameterizedTest(name = "DEFAULT {0} is refused")
  @ValueSource(
      strings = {
        "0 PRIMARY KEY",
        "0 REFERENCES other(id)",
        "0 NOT NULL",
        "0 CHECK (false)",
        "0 UNIQUE",
        "0, evil text",
        "0; DROP TABLE t"
      })
  void constraintsAfterADefaultAreRefused(String value) {
    assertThat(SqlFragment.defaultProblem(value)).isNotNull();
  }

  @ParameterizedTest(name = "a string may hold what would be refused outside: {0}")
  @ValueSource(strings = {"'0 PRIMARY KEY'", "'a, b; -- c'"})
  void quotedTextIsNotRead(String value) {
    assertThat(SqlFragment.defaultProblem(value)).isNull();
  }
}
