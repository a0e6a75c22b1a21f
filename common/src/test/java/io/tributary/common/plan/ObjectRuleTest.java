package io.tributary.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A plan's {@code objects} entry: its key, skip, a view's query, a trigger's definitions. */
class ObjectRuleTest {
  @Test
  void readsKeysAndSkip() {
    ObjectRule skip = ObjectRule.parse(" view  legacy report ", "SKIP");
    assertThat(skip.kind()).isEqualTo("view");
    assertThat(skip.name()).isEqualTo("legacy report");
    assertThat(skip.skip()).isTrue();
    assertThat(skip.key()).isEqualTo("view legacy report");
    assertThatThrownBy(() -> ObjectRule.parse("function f", "SELECT 1"))
        .hasMessage("'function f' names no object: write 'view <name>' or 'trigger <name>'");
    assertThatThrownBy(() -> ObjectRule.parse("view v", " "))
        .hasMessage("expected the PostgreSQL that makes the view, or skip");
  }

  @Test
  void splitsStatementsOutsideStringsBodiesAndComments() {
    assertThat(
            ObjectRule.statements(
                "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN x := ';'; END $body$;"
                    + " -- a comment; still one\n"
                    + "CREATE TRIGGER \"a;b\" BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.s <>"
                    + " E'\\';') EXECUTE FUNCTION f() /* ; */;;"))
        .containsExactly(
            "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN x := ';'; END $body$",
            "-- a comment; still one\nCREATE TRIGGER \"a;b\" BEFORE UPDATE ON t FOR EACH ROW WHEN"
                + " (NEW.s <> E'\\';') EXECUTE FUNCTION f() /* ; */");
    assertThatThrownBy(() -> ObjectRule.statements("SELECT 'open"))
        .hasMessage("a string is not closed");
  }

  @Test
  void aViewIsOneQueryATriggerOnlyDefinitions() {
    assertThat(ObjectRule.parse("view v", "  (SELECT 1);  ").replacement()).isEqualTo("(SELECT 1)");
    assertThatThrownBy(() -> ObjectRule.parse("view v", "SELECT 1; SELECT 2"))
        .hasMessageStartingWith("a view's replacement is its query");
    assertThat(
            ObjectRule.parse(
                    "trigger t",
                    "CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE sql AS $$ SELECT"
                        + " NULL $$; create constraint trigger t AFTER INSERT ON x FOR EACH ROW"
                        + " EXECUTE FUNCTION f()")
                .replacement())
        .contains(";\ncreate constraint trigger t");
    assertThatThrownBy(
            () ->
                ObjectRule.parse(
                    "trigger t",
                    "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW EXECUTE"
                        + " FUNCTION f(); SET ROLE postgres"))
        .hasMessageEndingWith("this one is not: SET ROLE postgres");
  }
}
