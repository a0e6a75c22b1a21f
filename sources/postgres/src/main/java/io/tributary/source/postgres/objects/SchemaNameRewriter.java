package io.tributary.source.postgres.objects;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites the schema names that qualify identifiers in SQL or PL/pgSQL text — {@code public.film},
 * {@code "Legacy".f(…)} — from the source's schemas to the target schemas they migrate to, token by
 * token: string literals, comments and quoted identifiers that are not schema qualifiers are left
 * as they are; dollar-quoted text (a function's body) is code and is rewritten the same way.
 *
 * <p>Only a name followed by a dot is a qualifier: a column or a table that happens to bear a
 * schema's name is not touched. A schema name inside a string literal (dynamic SQL: {@code EXECUTE
 * 'SELECT … FROM public.t'}) cannot be told from text and is left; {@link Result#inLiterals} says
 * that one was seen, so the object is named for a reader to check.
 */
final class SchemaNameRewriter {
  /** The text rewritten, and whether a source schema's name was seen inside a string literal. */
  record Result(String text, boolean inLiterals) {}

  private final Map<String, String> schemas;
  private final Map<String, String> movedTables;

  /**
   * @param schemas target schema by source schema name (as the catalog spells it)
   */
  SchemaNameRewriter(Map<String, String> schemas) {
    this(schemas, Map.of());
  }

  /**
   * @param schemas target schema by source schema name (as the catalog spells it)
   * @param movedTables target schema by {@code schema + '\0' + table} of the tables the plan puts
   *     in another schema than their source schema's: {@code schema.table} becomes that schema's
   */
  SchemaNameRewriter(Map<String, String> schemas, Map<String, String> movedTables) {
    this.schemas = Map.copyOf(schemas);
    this.movedTables = Map.copyOf(movedTables);
  }

  /**
   * The rewriter for text read from {@code schema}: every migrated schema's name but one that a
   * migrated table of {@code schema} is also called (then {@code name.column} could be that table's
   * column, not the schema's object).
   *
   * @param schemas target schema by source schema name
   * @param migrated the tables migrated
   */
  static SchemaNameRewriter readFrom(
      String schema, Map<String, String> schemas, Collection<TableDef> migrated) {
    Map<String, String> names = new HashMap<>(schemas);
    migrated.stream()
        .filter(t -> t.sourceSchema().equals(schema))
        .forEach(t -> names.remove(t.sourceTable()));
    Map<String, String> moved = new HashMap<>();
    for (TableDef t : migrated) {
      String home = schemas.get(t.sourceSchema());
      if (home != null && !home.equals(t.targetSchema())) {
        moved.put(t.sourceSchema() + '\0' + t.sourceTable(), t.targetSchema());
      }
    }
    return new SchemaNameRewriter(names, moved);
  }

  Result rewrite(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    boolean[] inLiterals = {false};
    rewrite(sql, out, inLiterals);
    return new Result(out.toString(), inLiterals[0]);
  }

  private void rewrite(String sql, StringBuilder out, boolean[] inLiterals) {
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == '\'') {
        int end =
            literalEnd(sql, i, i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e'));
        String literal = sql.substring(i, end);
        inLiterals[0] |= mentionsASchema(literal);
        out.append(literal);
        i = end;
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int bodyStart = i + tag.length();
        int bodyEnd = sql.indexOf(tag, bodyStart);
        if (bodyEnd < 0) {
          out.append(sql, i, n);
          return;
        }
        out.append(tag);
        rewrite(sql.substring(bodyStart, bodyEnd), out, inLiterals);
        out.append(tag);
        i = bodyEnd + tag.length();
      } else if (c == '"') {
        int end = i + 1;
        while (end < n) {
          if (sql.charAt(end) == '"') {
            if (end + 1 < n && sql.charAt(end + 1) == '"') {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(end + 1, n);
        String name = sql.substring(i + 1, end - 1).replace("\"\"", "\"");
        i = qualifier(sql, i, end, name, out);
      } else if (identifierStart(c) && (i == 0 || !identifierPart(sql.charAt(i - 1)))) {
        int end = i + 1;
        while (end < n && identifierPart(sql.charAt(end))) {
          end++;
        }
        String name = sql.substring(i, end).toLowerCase(Locale.ROOT);
        i = qualifier(sql, i, end, name, out);
      } else {
        out.append(c);
        i++;
      }
    }
  }

  /**
   * Appends the name token {@code sql[start, end)} — as the target schema's quoted name when it is
   * a source schema's and a dot follows it — and returns where the next token starts.
   */
  private int qualifier(String sql, int start, int end, String name, StringBuilder out) {
    String target = schemas.get(name);
    int next = end;
    while (next < sql.length() && Character.isWhitespace(sql.charAt(next))) {
      next++;
    }
    boolean qualifies =
        target != null
            && next < sql.length()
            && sql.charAt(next) == '.'
            && (start == 0 || sql.charAt(start - 1) != '.'); // a.public.b: a column, not a schema
    if (qualifies) {
      String table = nameAfter(sql, next + 1);
      target = table == null ? target : movedTables.getOrDefault(name + '\0' + table, target);
    }
    out.append(qualifies ? Identifiers.quote(target) : sql.substring(start, end));
    return end;
  }

  /**
   * The name (unquoted; folded to lower case unless quoted) starting at {@code from} after blanks,
   * or null when none does.
   */
  private static String nameAfter(String sql, int from) {
    int i = from;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    if (i >= sql.length()) {
      return null;
    }
    if (sql.charAt(i) == '"') {
      StringBuilder name = new StringBuilder();
      int j = i + 1;
      while (j < sql.length()) {
        if (sql.charAt(j) == '"') {
          if (j + 1 < sql.length() && sql.charAt(j + 1) == '"') {
            name.append('"');
            j += 2;
            continue;
          }
          return name.toString();
        }
        name.append(sql.charAt(j++));
      }
      return null;
    }
    if (!identifierStart(sql.charAt(i))) {
      return null;
    }
    int end = i + 1;
    while (end < sql.length() && identifierPart(sql.charAt(end))) {
      end++;
    }
    return sql.substring(i, end).toLowerCase(Locale.ROOT);
  }

  private boolean mentionsASchema(String literal) {
    String lower = literal.toLowerCase(Locale.ROOT);
    return schemas.keySet().stream()
        .anyMatch(s -> lower.contains(s.toLowerCase(Locale.ROOT) + "."));
  }

  /** The end (exclusive) of the string literal starting at {@code start}. */
  private static int literalEnd(String sql, int start, boolean escapes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (escapes && c == '\\') {
        i += 2;
        continue;
      }
      if (c == '\'') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /** The dollar-quote tag ({@code $$}, {@code $body$}) starting at {@code start}, or null. */
  private static String dollarTag(String sql, int start) {
    if (start > 0 && identifierPart(sql.charAt(start - 1))) {
      return null; // a name holding a dollar sign, or a positional parameter's digits
    }
    int i = start + 1;
    while (i < sql.length() && sql.charAt(i) != '$') {
      char c = sql.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_') || (i == start + 1 && Character.isDigit(c))) {
        return null;
      }
      i++;
    }
    return i < sql.length() ? sql.substring(start, i + 1) : null;
  }

  private static boolean identifierStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean identifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
