package io.tributary.common.plan;

import java.util.List;

/**
 * A table's full-text search on the target: a generated {@code tsvector} column over some of its
 * columns, with a GIN index ({@code tables.<t>.fulltext}).
 *
 * @param columns the columns whose text is searched, in order; empty means, for a source full-text
 *     table, the columns it indexes (any other table must name them)
 * @param language the text search configuration ({@code simple} unless given: no stemming, no stop
 *     words, as SQLite's default tokenizer)
 * @param column the generated column's name ({@value #DEFAULT_COLUMN} unless given)
 */
public record FullTextRule(List<String> columns, String language, String column) {
  /** The text search configuration used when the plan names none. */
  public static final String DEFAULT_LANGUAGE = "simple";

  /** The generated column's name when the plan names none. */
  public static final String DEFAULT_COLUMN = "search_vector";

  public FullTextRule {
    columns = columns == null ? List.of() : List.copyOf(columns);
    language = language == null ? DEFAULT_LANGUAGE : language;
    column = column == null ? DEFAULT_COLUMN : column;
  }
}
