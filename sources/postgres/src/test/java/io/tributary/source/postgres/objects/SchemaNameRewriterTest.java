package io.tributary.source.postgres.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemaNameRewriterTest {
  private final SchemaNameRewriter rewriter =
      new SchemaNameRewriter(Map.of("public", "dvdrental", "Legacy", "legacy_app"));

  @Test
  @DisplayName(
      "A source schema that qualifies a name becomes its target schema, quoted or not, in code and"
          + " in dollar-quoted bodies; a column or table that bears the name is left")
  void qualifiersAreRewritten() {
    assertThat(
            rewriter
                .rewrite(
                    "SELECT public.film.title, PUBLIC . f(x), \"Legacy\".\"Agents\".id, film.public"
                        + " FROM public.film JOIN a.public.b ON true")
                .text())
        .isEqualTo(
            "SELECT \"dvdrental\".film.title, \"dvdrental\" . f(x), \"legacy_app\".\"Agents\".id,"
                + " film.public FROM \"dvdrental\".film JOIN a.public.b ON true");
    assertThat(
            rewriter
                .rewrite(
                    "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN (SELECT count(*) FROM"
                        + " public.film); END $body$ LANGUAGE plpgsql")
                .text())
        .contains("FROM \"dvdrental\".film")
        .contains("$body$ BEGIN");
  }

  @Test
  @DisplayName(
      "A table the plan moves to another schema: the source schema qualifying it becomes that"
          + " schema, quoted or not; the schema's other names keep its own target")
  void movedTablesFollowTheirSchema() {
    SchemaNameRewriter moved =
        new SchemaNameRewriter(
            Map.of("public", "letta_agents"),
            Map.of("public\0passages", "letta_vectors", "public\0Big Table", "letta_vectors"));
    assertThat(
            moved
                .rewrite(
                    "SELECT * FROM public.passages p JOIN public . \"Big Table\" b USING (id)"
                        + " JOIN public.agents a USING (id) WHERE public.f(public.\"passages\".x)")
                .text())
        .isEqualTo(
            "SELECT * FROM \"letta_vectors\".passages p JOIN \"letta_vectors\" . \"Big Table\" b"
                + " USING (id) JOIN \"letta_agents\".agents a USING (id) WHERE"
                + " \"letta_agents\".f(\"letta_vectors\".\"passages\".x)");
  }

  @Test
  @DisplayName(
      "Literals, comments, unquoted names of another case and names holding a dollar are left;"
          + " a schema named in a literal is reported, as no rewrite reaches dynamic SQL")
  void literalsAndCommentsAreLeft() {
    SchemaNameRewriter.Result result =
        rewriter.rewrite(
            "SELECT 'public.film', E'it\\'s public.x' -- public.film\n"
                + " /* public.film */ FROM legacy.t, my$public.x, $1");
    assertThat(result.text())
        .isEqualTo(
            "SELECT 'public.film', E'it\\'s public.x' -- public.film\n"
                + " /* public.film */ FROM legacy.t, my$public.x, $1");
    assertThat(result.inLiterals()).isTrue();
    assertThat(rewriter.rewrite("SELECT 'no schema here', public.f()").inLiterals()).isFalse();
  }

  @Test
  @DisplayName("A function's SET search_path clause names the target schemas")
  void searchPathClause() {
    String definition =
        "CREATE OR REPLACE FUNCTION \"f\"()\n RETURNS bigint\n LANGUAGE sql\n"
            + " SET search_path TO 'public', 'pg_temp'\nAS $function$ SELECT 1 $function$\n";
    assertThat(PostgresObjectStatements.searchPath(definition, Map.of("public", "dvdrental")))
        .contains(" SET search_path TO 'dvdrental', 'pg_temp'\nAS");
    assertThat(PostgresObjectStatements.searchPath("CREATE FUNCTION f() AS $$x$$", Map.of()))
        .isEqualTo("CREATE FUNCTION f() AS $$x$$");
  }

  @Test
  @DisplayName(
      "pg_get_functiondef's qualified name is made unqualified, so the function lands in the"
          + " schema on the search path")
  void functionHeader() {
    assertThat(
            PostgresObjectStatements.function(
                "CREATE OR REPLACE FUNCTION public.\"Film count\"(x integer)\n RETURNS bigint",
                "public.\"Film count\"",
                "Film count"))
        .isEqualTo("CREATE OR REPLACE FUNCTION \"Film count\"(x integer)\n RETURNS bigint");
  }

  @Test
  @DisplayName("Objects are ordered after what they need, else as added; a cycle keeps its order")
  void dependencyOrder() {
    DependencyOrder<String> order = new DependencyOrder<>();
    for (String key : List.of("trigger", "view2", "function", "view1", "a", "b")) {
      order.add(key, key);
    }
    order.needs("trigger", "function");
    order.needs("view2", "view1");
    order.needs("view1", "function");
    order.needs("a", "b");
    order.needs("b", "a");
    order.needs("view1", "not read");
    assertThat(order.ordered()).containsExactly("function", "trigger", "view1", "view2", "a", "b");
  }

  @Test
  @DisplayName("An aggregate is made from its parts")
  void aggregate() {
    assertThat(
            PostgresObjectStatements.aggregate(
                new PostgresObjectStatements.Aggregate(
                    "concat_all",
                    "text",
                    "concat_step",
                    "text",
                    0,
                    null,
                    false,
                    null,
                    null,
                    null,
                    "",
                    null,
                    null,
                    null,
                    0,
                    null,
                    false,
                    null,
                    null,
                    "u")))
        .isEqualTo(
            "CREATE AGGREGATE \"concat_all\" (text) (SFUNC = concat_step, STYPE = text,"
                + " INITCOND = '')");
  }
}
