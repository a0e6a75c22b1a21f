package io.tributary.source.sqlite.objects;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Translates a SQLite query or expression (a view's {@code SELECT}, a trigger's conditions and
 * statements) into PostgreSQL, token by token: names quoted as PostgreSQL reads them (backticks and
 * brackets become double quotes), tables and columns as the target names them ({@link
 * ObjectNames}), {@code NEW.x} and {@code OLD.x} of a trigger's table, {@code ==}, {@code IS}
 * between values, {@code LIKE} (case-insensitive in SQLite: {@code ILIKE}), {@code LIMIT a, b},
 * {@code 0} and {@code 1} compared with a column that became boolean, and functions ({@link
 * SqliteFunctions}). What it cannot be sure of throws {@link Untranslatable} with why: another
 * database's tables, parameters, a {@code WITH} clause, {@code GLOB}, {@code REGEXP}, {@code
 * MATCH}, JSON operators, functions without a translation.
 */
final class SqliteQueryTranslator {
  private final QueryRelations relations;
  private final TableDef rowTable;
  private final boolean bareColumnsAreNew;
  private final SqliteFunctions functions = new SqliteFunctions(this);

  /**
   * @param rowTable the trigger's table, whose row {@code NEW} and {@code OLD} are; null in a view
   * @param bareColumnsAreNew a bare column of {@code rowTable} is {@code NEW}'s (a trigger that
   *     sets its own row's columns)
   */
  SqliteQueryTranslator(ObjectNames names, TableDef rowTable, boolean bareColumnsAreNew) {
    this(new QueryRelations(names), rowTable, bareColumnsAreNew);
  }

  private SqliteQueryTranslator(
      QueryRelations relations, TableDef rowTable, boolean bareColumnsAreNew) {
    this.relations = relations;
    this.rowTable = rowTable;
    this.bareColumnsAreNew = bareColumnsAreNew;
  }

  /** The views the translated SQL reads, as the file names them. */
  Set<String> views() {
    return relations.views();
  }

  /** Adds a table the SQL reads or writes without a FROM (an UPDATE's or a DELETE's). */
  void reads(TableDef table) {
    relations.add(table);
  }

  /** Translates a query or an expression. */
  String translate(List<SqlToken> tokens) {
    QueryRelations.Scan scan = relations.scan(tokens);
    StringBuilder out = new StringBuilder();
    boolean boolColumn = false;
    boolean boolCompare = false;
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      boolean wasBoolColumn = boolColumn;
      boolean wasBoolCompare = boolCompare;
      boolColumn = false;
      boolCompare = false;
      String next = i + 1 < tokens.size() ? tokens.get(i + 1).text() : "";
      QueryRelations.Ref ref = scan.refs().get(i);
      if (ref != null) {
        append(out, relations.target(ref));
        i = ref.end() - 1;
        continue;
      }
      switch (t.type()) {
        case STRING -> append(out, Identifiers.literal(t.text()));
        case BLOB -> append(out, Identifiers.literal("\\x" + t.text()) + "::bytea");
        case PARAMETER ->
            throw new Untranslatable("it takes a parameter (" + t.text() + "), as views cannot");
        case NUMBER -> {
          if (t.text().toLowerCase(Locale.ROOT).startsWith("0x")) {
            throw new Untranslatable("it writes a hexadecimal number (" + t.text() + ")");
          }
          boolean bool = wasBoolCompare && (t.text().equals("0") || t.text().equals("1"));
          append(out, bool ? (t.text().equals("1") ? "TRUE" : "FALSE") : t.text());
        }
        case SYMBOL -> {
          switch (t.text()) {
            case "->", "->>" ->
                throw new Untranslatable("it uses SQLite's JSON operator " + t.text());
            case ";" -> throw new Untranslatable("it holds more than one statement");
            case "==" -> append(out, "=");
            case "*" -> {
              String star = relations.star(scan, tokens, i);
              append(out, star == null ? "*" : star);
            }
            default -> append(out, t.text());
          }
          boolCompare = wasBoolColumn && Set.of("=", "==", "!=", "<>").contains(t.text());
        }
        case WORD, QUOTED -> {
          if (t.type() == SqlToken.Type.WORD && SqliteKeywords.KEYWORDS.contains(t.upper())) {
            if (t.is("CAST") && next.equals("(")) {
              i = call(tokens, i, out);
            } else {
              i = keyword(tokens, i, out);
            }
          } else if (next.equals("(") && t.type() == SqlToken.Type.WORD) {
            i = call(tokens, i, out);
          } else if (next.equals(".") && i + 2 < tokens.size()) {
            TargetType type = qualified(t.text(), tokens.get(i + 2), out);
            boolColumn = type == TargetType.BOOLEAN;
            i += 2;
          } else if (i > 0 && tokens.get(i - 1).is("AS")) {
            append(out, Identifiers.quote(relations.spelling(t.text())));
          } else {
            ColumnDef column = bare(t.text(), out);
            boolColumn = column != null && column.targetType() == TargetType.BOOLEAN;
          }
        }
      }
    }
    return out.toString();
  }

  /** The target type of an argument that is one column (bare or qualified); null otherwise. */
  TargetType columnType(List<SqlToken> tokens) {
    TableDef table = null;
    String name = null;
    if (tokens.size() == 1 && tokens.get(0).isName()) {
      name = tokens.get(0).text();
      for (TableDef t : relations.read()) {
        table =
            t.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(tokens.get(0).text()))
                ? t
                : table;
      }
    } else if (tokens.size() == 3 && tokens.get(1).is(".") && tokens.get(2).isName()) {
      name = tokens.get(2).text();
      QueryRelations.Relation r = relations.get(tokens.get(0).text());
      boolean row = rowTable != null && (tokens.get(0).is("NEW") || tokens.get(0).is("OLD"));
      table = row ? rowTable : r == null ? null : r.table();
    }
    ColumnDef column = table == null ? null : column(table, name);
    return column == null ? null : column.targetType();
  }

  private int keyword(List<SqlToken> tokens, int i, StringBuilder out) {
    SqlToken t = tokens.get(i);
    String k = t.upper();
    if (SqliteKeywords.REFUSED.contains(k)) {
      throw new Untranslatable(
          k.equals("WITH")
              ? "it has a WITH clause, which this translation does not read"
              : "it uses " + k + ", which has no PostgreSQL translation here");
    }
    switch (k) {
      case "LIKE" -> append(out, "ILIKE");
      case "ISNULL" -> append(out, "IS NULL");
      case "NOTNULL" -> append(out, "IS NOT NULL");
      case "IS" -> {
        boolean not = i + 1 < tokens.size() && tokens.get(i + 1).is("NOT");
        SqlToken after = i + (not ? 2 : 1) < tokens.size() ? tokens.get(i + (not ? 2 : 1)) : t;
        if (after.is("NULL") || after.is("TRUE") || after.is("FALSE") || after.is("DISTINCT")) {
          append(out, not ? "IS NOT" : "IS");
        } else {
          append(out, not ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM");
        }
        return not ? i + 1 : i;
      }
      case "LIMIT" -> {
        return limit(tokens, i, out);
      }
      default -> append(out, k);
    }
    return i;
  }

  /** {@code LIMIT offset, count} (SQLite's form) as {@code LIMIT count OFFSET offset}. */
  private int limit(List<SqlToken> tokens, int i, StringBuilder out) {
    int depth = 0;
    int comma = -1;
    int end = i + 1;
    for (; end < tokens.size(); end++) {
      String s = tokens.get(end).text();
      if (s.equals("(")) {
        depth++;
      } else if (s.equals(")") && --depth < 0) {
        break;
      } else if (s.equals(",") && depth == 0) {
        comma = end;
      }
    }
    if (comma < 0) {
      append(out, "LIMIT");
      return i;
    }
    append(
        out,
        "LIMIT "
            + translateApart(tokens.subList(comma + 1, end))
            + " OFFSET "
            + translateApart(tokens.subList(i + 1, comma)));
    return end - 1;
  }

  /** A part of the statement translated with this statement's tables and aliases. */
  String translateApart(List<SqlToken> tokens) {
    return new SqliteQueryTranslator(relations, rowTable, bareColumnsAreNew).translate(tokens);
  }

  /** A function call at {@code i}: its arguments split at top-level commas. */
  private int call(List<SqlToken> tokens, int i, StringBuilder out) {
    int depth = 0;
    List<List<SqlToken>> args = new ArrayList<>();
    int from = i + 2;
    int end = i + 1;
    for (; end < tokens.size(); end++) {
      String s = tokens.get(end).type() == SqlToken.Type.SYMBOL ? tokens.get(end).text() : "";
      if (s.equals("(")) {
        depth++;
      } else if (s.equals(")") && --depth == 0) {
        break;
      } else if (s.equals(",") && depth == 1) {
        args.add(tokens.subList(from, end));
        from = end + 1;
      }
    }
    if (end >= tokens.size()) {
      throw new Untranslatable("a parenthesis is not closed");
    }
    if (from < end || !args.isEmpty()) {
      args.add(tokens.subList(from, end));
    }
    append(out, functions.call(tokens.get(i).text(), args));
    return end;
  }

  /** {@code q.name}: a column of a table, a view or an alias, or of a trigger's NEW or OLD row. */
  private TargetType qualified(String qualifier, SqlToken name, StringBuilder out) {
    if (rowTable != null
        && (qualifier.equalsIgnoreCase("NEW") || qualifier.equalsIgnoreCase("OLD"))) {
      ColumnDef c = column(rowTable, name.text());
      append(out, qualifier.toUpperCase(Locale.ROOT) + "." + Identifiers.quote(c.targetName()));
      return c.targetType();
    }
    QueryRelations.Relation r = relations.get(qualifier);
    String q = Identifiers.quote(r == null ? relations.spelling(qualifier) : r.relationName());
    if (name.is("*")) {
      append(out, r == null ? q + ".*" : QueryRelations.columns(r));
      return null;
    }
    if (r == null || r.table() == null) {
      append(out, q + "." + Identifiers.quote(relations.spelling(name.text())));
      return null;
    }
    ColumnDef c = column(r.table(), name.text());
    append(out, q + "." + Identifiers.quote(c.targetName()));
    return c.targetType();
  }

  /** A bare name: a column of the tables read (the same target name in each), or another name. */
  private ColumnDef bare(String name, StringBuilder out) {
    if (bareColumnsAreNew && rowTable != null && has(rowTable, name)) {
      ColumnDef c = column(rowTable, name);
      append(out, "NEW." + Identifiers.quote(c.targetName()));
      return c;
    }
    ColumnDef found = null;
    for (TableDef t : relations.read()) {
      if (has(t, name)) {
        ColumnDef c = column(t, name);
        if (found != null && !found.targetName().equals(c.targetName())) {
          throw new Untranslatable(
              "column '" + name + "' of several tables it reads has different target names");
        }
        found = c;
      }
    }
    append(out, Identifiers.quote(found == null ? relations.spelling(name) : found.targetName()));
    return found;
  }

  private static boolean has(TableDef table, String name) {
    return table.columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(name))
        || isRowid(name) && rowidColumn(table) != null;
  }

  /** The table's column of that name (its INTEGER PRIMARY KEY for {@code rowid}). */
  private static ColumnDef column(TableDef table, String name) {
    for (ColumnDef c : table.columns()) {
      if (c.name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    ColumnDef rowid = isRowid(name) ? rowidColumn(table) : null;
    if (rowid != null) {
      return rowid;
    }
    throw new Untranslatable(
        isRowid(name)
            ? "it reads the rowid of '"
                + table.sourceTable()
                + "', which has no INTEGER PRIMARY KEY to stand for it on the target"
            : "table '" + table.sourceTable() + "' has no column '" + name + "'");
  }

  private static boolean isRowid(String name) {
    return Set.of("rowid", "_rowid_", "oid").contains(name.toLowerCase(Locale.ROOT));
  }

  /** The column a table's rowid is on the target: its INTEGER PRIMARY KEY; null without one. */
  private static ColumnDef rowidColumn(TableDef table) {
    List<ColumnDef> key = table.columns().stream().filter(c -> c.keyPosition() > 0).toList();
    return key.size() == 1 && key.get(0).sourceType().equalsIgnoreCase("INTEGER")
        ? key.get(0)
        : null;
  }

  /** Appends a piece, spaced as SQL reads well. */
  static void append(StringBuilder out, String piece) {
    if (out.length() > 0) {
      char last = out.charAt(out.length() - 1);
      boolean tight =
          last == '(' || last == '.' || piece.equals(")") || piece.equals(",") || piece.equals(".");
      if (!tight) {
        out.append(' ');
      }
    }
    out.append(piece);
  }
}
