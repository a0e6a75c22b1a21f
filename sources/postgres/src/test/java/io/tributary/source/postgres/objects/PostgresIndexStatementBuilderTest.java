package io.tributary.source.postgres.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresIndexStatementBuilderTest {
  private final SchemaNameRewriter rewriter = new SchemaNameRewriter(Map.of("shop", "store"));

  private String create(
      String definition, boolean unique, PostgresIndexStatementBuilder.Column... c) {
    return PostgresIndexStatementBuilder.create(
        new PostgresIndexStatementBuilder.SourceIndex(
            definition, "film_idx", "shop.film", "film_idx", unique),
        "store",
        "\"store\".\"movie\"",
        Arrays.asList(c),
        text -> rewriter.rewrite(text).text());
  }

  private static PostgresIndexStatementBuilder.Column col(String source, String target) {
    return new PostgresIndexStatementBuilder.Column(source, target);
  }

  private static final PostgresIndexStatementBuilder.Column EXPRESSION = col(null, null);

  @Test
  @DisplayName(
      "The access method, operator class, collation, order, INCLUDE columns, storage parameters and"
          + " predicate are kept; the table and the plain columns take the target's names; the"
          + " statement is idempotent and sets the search path it is built with")
  void fullDefinitionIsKeptInTheTargetsNames() {
    String statement =
        create(
            "CREATE UNIQUE INDEX film_idx ON shop.film USING btree (title COLLATE \"C\" DESC NULLS"
                + " LAST, lower(\"Code\") text_pattern_ops) INCLUDE (\"Code\", rate) WITH"
                + " (fillfactor='70') WHERE (shop.sensible(rate) AND title <> 'a, (b')",
            true,
            col("title", "name"),
            EXPRESSION,
            col("Code", "code"),
            col("rate", "rate"));
    assertThat(statement)
        .startsWith(
            PostgresIndexStatementBuilder.searchPath("store")
                + "; CREATE UNIQUE INDEX IF NOT EXISTS \"film_idx\" ON \"store\".\"movie\"")
        .endsWith(
            " USING btree (\"name\" COLLATE \"C\" DESC NULLS LAST, lower(\"Code\")"
                + " text_pattern_ops) INCLUDE (\"code\", \"rate\") WITH (fillfactor='70') WHERE"
                + " (\"store\".sensible(rate) AND title <> 'a, (b')");
  }

  @Test
  @DisplayName("A partitioned table's index (ON ONLY) is built on the target's plain table")
  void onlyIsDropped() {
    assertThat(
            create(
                "CREATE INDEX film_idx ON ONLY shop.film USING gin (tags)",
                false,
                col("tags", "tags")))
        .endsWith("INDEX IF NOT EXISTS \"film_idx\" ON \"store\".\"movie\" USING gin (\"tags\")");
  }

  @Test
  @DisplayName("A definition that does not read as expected is refused with why")
  void unexpectedDefinitionsAreRefused() {
    assertThatThrownBy(
            () -> create("CREATE INDEX other ON shop.film USING gin (tags)", false, col("t", "t")))
        .hasMessageContaining("does not start with");
    assertThatThrownBy(
            () ->
                create(
                    "CREATE INDEX film_idx ON shop.film USING gin (tags)",
                    false,
                    col("labels", "labels")))
        .hasMessageContaining("not labels");
  }

  @Test
  @DisplayName("Lists split at the commas outside parentheses and quotes")
  void itemsSplitAtTopLevelCommas() {
    assertThat(PostgresIndexStatementBuilder.items("a, f(b, c), \"x,y\", 'p,q'"))
        .isEqualTo(List.of("a", "f(b, c)", "\"x,y\"", "'p,q'"));
  }
}
