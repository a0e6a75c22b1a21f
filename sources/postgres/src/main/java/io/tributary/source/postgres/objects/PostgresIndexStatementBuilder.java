package io.tributary.source.postgres.objects;

import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The statement that builds a source index in the target from PostgreSQL's own definition of it
 * ({@code pg_get_indexdef}, read with the source schema alone on the search path): its access
 * method, operator classes, collations, order, expressions, {@code INCLUDE} columns, storage
 * parameters and predicate kept; its table and its plain columns named as the target names them;
 * made idempotent ({@code CREATE INDEX IF NOT EXISTS}). Builds strings only.
 */
final class PostgresIndexStatementBuilder {
  private PostgresIndexStatementBuilder() {}

  /** A source index as the catalog gives it. */
  record SourceIndex(
      String definition, String quotedName, String quotedTable, String name, boolean unique) {}

  /**
   * The index's statement for finalize: the target schema and then the schemas of the target's
   * extensions on the search path (a name the definition leaves unqualified is the source schema's
   * own, or an extension's there: {@code gin_trgm_ops}), then {@code CREATE [UNIQUE] INDEX IF NOT
   * EXISTS}.
   *
   * @param table the target table, qualified and quoted
   * @param columns the target name of each of the index's columns in order (key columns, then
   *     {@code INCLUDE} ones), keyed by source name; null for an expression
   * @param qualifiers rewrites the schema names that qualify identifiers in expressions
   * @throws IllegalArgumentException when the definition does not read as expected
   */
  static String create(
      SourceIndex index,
      String targetSchema,
      String table,
      List<Column> columns,
      UnaryOperator<String> qualifiers) {
    String def = index.definition();
    String head =
        "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + index.quotedName() + " ON ";
    if (!def.startsWith(head)) {
      throw new IllegalArgumentException("its definition does not start with " + head);
    }
    int at = head.length();
    if (def.startsWith("ONLY ", at)) {
      at += "ONLY ".length(); // a partitioned table's: built on its partitions too, as one index
    }
    String using = index.quotedTable() + " USING ";
    if (!def.startsWith(using, at)) {
      throw new IllegalArgumentException("its definition does not name its table as " + using);
    }
    at += using.length();
    int open = def.indexOf(" (", at);
    if (open < 0) {
      throw new IllegalArgumentException("its definition has no column list");
    }
    String method = def.substring(at, open);
    int close = close(def, open + 1);
    List<String> keys = items(def.substring(open + 2, close));
    StringBuilder out = new StringBuilder(" USING ").append(method).append(" (");
    out.append(String.join(", ", mapped(keys, columns, 0)));
    out.append(')');
    String rest = def.substring(close + 1);
    if (rest.startsWith(" INCLUDE (")) {
      int includeClose = close(rest, " INCLUDE ".length());
      List<String> included = items(rest.substring(" INCLUDE (".length(), includeClose));
      out.append(" INCLUDE (")
          .append(String.join(", ", mapped(included, columns, keys.size())))
          .append(')');
      rest = rest.substring(includeClose + 1);
    }
    out.append(rest);
    return searchPath(targetSchema)
        + "; CREATE "
        + (index.unique() ? "UNIQUE " : "")
        + "INDEX IF NOT EXISTS "
        + Identifiers.quote(index.name())
        + " ON "
        + table
        + qualifiers.apply(out.toString());
  }

  /** One column of an index: its source name and target name; both null for an expression. */
  record Column(String source, String target) {}

  /**
   * The search path an index is built with, for the rest of its transaction: the target schema,
   * then the schemas that hold the target database's extensions.
   */
  static String searchPath(String targetSchema) {
    return "SELECT pg_catalog.set_config('search_path', pg_catalog.concat_ws(', ', "
        + Identifiers.literal(Identifiers.quote(targetSchema))
        + ", (SELECT pg_catalog.string_agg(DISTINCT pg_catalog.quote_ident(n.nspname), ', ')"
        + " FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n"
        + " ON n.oid = e.extnamespace WHERE n.nspname <> 'pg_catalog')), true)";
  }

  /** The items of a column list with each plain column's name replaced by its target name. */
  private static List<String> mapped(List<String> items, List<Column> columns, int from) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      Column column = from + i < columns.size() ? columns.get(from + i) : null;
      if (column == null || column.source() == null) {
        out.add(item);
        continue;
      }
      int end = identifierEnd(item);
      String name = unquote(item.substring(0, end));
      if (!name.equals(column.source())) {
        throw new IllegalArgumentException(
            "its column " + (from + i + 1) + " reads " + item + ", not " + column.source());
      }
      out.add(Identifiers.quote(column.target()) + item.substring(end));
    }
    return out;
  }

  /** Where the identifier an item starts with ends. */
  private static int identifierEnd(String item) {
    if (item.startsWith("\"")) {
      int end = quoteEnd(item, 0);
      if (item.charAt(end - 1) != '"' || end == 1) {
        throw new IllegalArgumentException("an unterminated identifier: " + item);
      }
      return end;
    }
    int i = 0;
    while (i < item.length()
        && (Character.isLetterOrDigit(item.charAt(i))
            || item.charAt(i) == '_'
            || item.charAt(i) == '$')) {
      i++;
    }
    return i;
  }

  private static String unquote(String identifier) {
    return identifier.startsWith("\"")
        ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
        : identifier;
  }

  /** The index of the parenthesis that closes the one at {@code open}, quotes skipped. */
  static int close(String sql, int open) {
    List<Integer> stops = stops(sql, open + 1);
    int end = stops.get(stops.size() - 1);
    if (end >= sql.length()) {
      throw new IllegalArgumentException("an unclosed parenthesis in: " + sql);
    }
    return end;
  }

  /** The items of a list, split at the commas outside parentheses and quotes. */
  static List<String> items(String list) {
    List<String> items = new ArrayList<>();
    int start = 0;
    for (int stop : stops(list, 0)) {
      items.add(list.substring(start, Math.min(stop, list.length())).strip());
      start = stop + 1;
    }
    return items;
  }

  /**
   * From {@code from} on, the commas outside parentheses and quotes, then where the text ends: the
   * parenthesis that closes one opened before {@code from}, else its length.
   */
  private static List<Integer> stops(String sql, int from) {
    List<Integer> stops = new ArrayList<>();
    int depth = 0;
    int i = from;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        i = quoteEnd(sql, i);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        break;
      } else if (c == ',' && depth == 0) {
        stops.add(i);
      }
      i++;
    }
    stops.add(i);
    return stops;
  }

  /** Just past the quoted text ({@code '…'} or {@code "…"}, doubled quotes inside) at {@code i}. */
  private static int quoteEnd(String sql, int start) {
    char quote = sql.charAt(start);
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }
}
