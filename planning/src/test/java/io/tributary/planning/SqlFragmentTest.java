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
        "true)); SELECT pg_sleep(0); --|holds a comment",
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

  @ParameterizedTest(name = "CHECK ({0}) calls only what it may")
  @ValueSource(
      strings = {
        "status IN ('idle','busy','error','offline')",
        "length(\"na\"\"me\") < 1000",
        "CAST(price AS numeric(10,2)) >= 0",
        "extract(epoch FROM created_at) > 0",
        "substring(code FROM 1 FOR 2) = 'ab'",
        "kind = ANY (ARRAY['a', 'b'])",
        "pg_catalog.lower(name) = name",
        "created_at > '2020-01-01'::timestamp with time zone",
        "created_at > timestamp with time zone '2020-01-01'",
        "ratio::double precision <= 1.5e3",
        "tags::text[] <> '{}'",
        "note ~ E'\\\\d+'",
        "jsonb_typeof(meta) = 'object'",
        "embedding IS NULL OR vector_dims(embedding) = 384",
        "\"select\" > 0"
      })
  void allowedCallsPass(String check) {
    assertThat(SqlFragment.checkProblem(check)).isNull();
  }

  @ParameterizedTest(name = "DEFAULT {0} calls only what it may")
  @ValueSource(
      strings = {
        "CURRENT_TIMESTAMP",
        "current_timestamp(3)",
        "now()",
        "gen_random_uuid()",
        "nextval('app.items_id_seq'::regclass)",
        "nextval('items_id_seq')",
        "'[]'::jsonb",
        "current_user",
        "date_trunc('day', now())",
        "(0)::bigint"
      })
  void allowedDefaultsPass(String value) {
    assertThat(SqlFragment.defaultProblem(value)).isNull();
  }

  @ParameterizedTest(name = "DEFAULT {0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "query_to_xml('select location from tributary.sources',true,true,'')::text|calls query_to_xml()",
        "pg_read_file('/etc/hostname')|calls pg_read_file()",
        "PG_READ_FILE('/etc/hostname')|calls PG_READ_FILE()",
        "\"pg_read_file\"('/etc/hostname')|calls \"pg_read_file\"()",
        "set_config('role', 'postgres', false)|calls set_config()",
        "public.lower('A')|calls public.lower()",
        "tributary.evil()|calls tributary.evil()",
        "(SELECT location FROM tributary.sources LIMIT 1)|holds a subquery (SELECT)",
        "(TABLE tributary.sources)|holds a subquery (TABLE)",
        "(VALUES (1))|holds a subquery (VALUES)",
        "(WITH x AS (SELECT 1) SELECT 1)|holds a subquery (WITH)",
        "ARRAY(SELECT 1)|holds a subquery (SELECT)",
        "tributary.sources.location|names tributary.sources.location",
        "1 OPERATOR(pg_catalog.+) 1|calls OPERATOR()",
        "nextval(current_setting('x'))|calls nextval() with something else",
        "lower(dblink('x', 'y'))|calls dblink()",
        "$1|holds a parameter ($1)",
        "current_setting('tributary.token')|calls current_setting()"
      })
  void whatAnExpressionMayNotCallIsRefused(String value, String problem) {
    assertThat(SqlFragment.defaultProblem(value)).startsWith(problem);
  }

  @ParameterizedTest(name = "CHECK ({0}) hides no second statement")
  @ValueSource(
      strings = {"name'\\'; SELECT 1", "name'\\' -- ", "E'\\'' ; SELECT 1", "U&'x' ; SELECT 1"})
  void anEscapedQuoteHidesNothing(String check) {
    assertThat(SqlFragment.checkProblem(check)).isNotNull();
  }
}
