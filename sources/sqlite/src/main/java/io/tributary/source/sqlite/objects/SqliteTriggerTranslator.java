package io.tributary.source.sqlite.objects;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translates a SQLite trigger ({@code CREATE TRIGGER name [BEFORE|AFTER] event ON table [WHEN
 * condition] BEGIN statements END}) into a PL/pgSQL trigger function and the trigger that calls it
 * for each row ({@link SqliteObjectStatementBuilder}). Two shapes:
 *
 * <ul>
 *   <li>a trigger that sets columns of the row just written ({@code AFTER UPDATE ON t BEGIN UPDATE
 *       t SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END}, {@code id} the table's key or
 *       rowid) becomes a {@code BEFORE} trigger that sets {@code NEW}'s columns;
 *   <li>any other trigger whose statements are {@code UPDATE}, {@code INSERT INTO t (columns)},
 *       {@code DELETE} of migrated tables, or {@code SELECT RAISE(ABORT, 'message') [WHERE ...]} (a
 *       counter kept in another table, an audit row, a check), runs them in PL/pgSQL, at the same
 *       time ({@code BEFORE} or {@code AFTER}) for the same event.
 * </ul>
 *
 * What it cannot translate throws {@link Untranslatable}: {@code INSTEAD OF} triggers, {@code
 * RAISE(IGNORE)}, {@code INSERT OR REPLACE} and the like, a statement that writes the trigger's own
 * table for its own event (PostgreSQL would fire the trigger again, SQLite by default does not),
 * and what {@link SqliteQueryTranslator} refuses.
 */
final class SqliteTriggerTranslator {
  /** A trigger as read from its {@code CREATE TRIGGER}: its parts as tokens. */
  record Parsed(
      String name,
      String timing,
      String event,
      List<SqlToken> columns,
      String table,
      List<SqlToken> when,
      List<List<SqlToken>> statements) {}

  private final ObjectNames names;

  SqliteTriggerTranslator(ObjectNames names) {
    this.names = names;
  }

  /** The parts of a {@code CREATE TRIGGER}. */
  static Parsed parse(String sql) {
    List<SqlToken> t = SqlToken.lex(sql);
    int i = 0;
    i = expect(t, i, "CREATE");
    if (t.get(i).is("TEMP") || t.get(i).is("TEMPORARY")) {
      i++;
    }
    i = expect(t, i, "TRIGGER");
    if (t.get(i).is("IF")) {
      i = expect(t, expect(t, i + 1, "NOT"), "EXISTS");
    }
    if (t.get(i + 1).is(".")) {
      i += 2;
    }
    String name = t.get(i++).text();
    String timing = "BEFORE";
    if (t.get(i).is("BEFORE") || t.get(i).is("AFTER")) {
      timing = t.get(i++).upper();
    } else if (t.get(i).is("INSTEAD")) {
      throw new Untranslatable(
          "an INSTEAD OF trigger (of a view) has no translation; give its replacement in the"
              + " plan");
    }
    String event = t.get(i++).upper();
    List<SqlToken> columns = new ArrayList<>();
    if (event.equals("UPDATE") && t.get(i).is("OF")) {
      for (i++; !t.get(i).is("ON"); i++) {
        if (!t.get(i).is(",")) {
          columns.add(t.get(i));
        }
      }
    }
    i = expect(t, i, "ON");
    if (t.get(i + 1).is(".")) {
      i += 2;
    }
    String table = t.get(i++).text();
    if (t.get(i).is("FOR")) {
      i = expect(t, expect(t, i + 1, "EACH"), "ROW");
    }
    List<SqlToken> when = List.of();
    if (t.get(i).is("WHEN")) {
      int begin = i + 1;
      while (!t.get(i).is("BEGIN")) {
        i++;
      }
      when = t.subList(begin, i);
    }
    i = expect(t, i, "BEGIN");
    int end = t.size() - 1;
    while (t.get(end).is(";")) {
      end--;
    }
    if (!t.get(end).is("END")) {
      throw new Untranslatable("its body does not end with END");
    }
    return new Parsed(name, timing, event, columns, table, when, statements(t.subList(i, end)));
  }

  private static int expect(List<SqlToken> t, int i, String word) {
    if (i >= t.size() || !t.get(i).is(word)) {
      throw new Untranslatable("its CREATE TRIGGER is not read here (expected " + word + ")");
    }
    return i + 1;
  }

  private static List<List<SqlToken>> statements(List<SqlToken> body) {
    return split(body, ";").stream().filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The statements that make the trigger on the target (its function, then the trigger), to run in
   * the table's schema.
   */
  List<String> translate(Parsed p, TableDef table) {
    String function = table.targetTable() + "_" + p.name() + "_fn";
    if (!Identifiers.fitsPostgres(function)) {
      throw new Untranslatable("its function's name " + function + " is longer than 63 bytes");
    }
    List<String> body = new ArrayList<>();
    String timing = p.timing();
    String returns = timing.equals("AFTER") ? "NULL" : p.event().equals("DELETE") ? "OLD" : "NEW";
    if (setsOwnRow(p, table)) {
      timing = "BEFORE";
      returns = "NEW";
      body.addAll(assignments(p, table));
    } else {
      for (List<SqlToken> s : p.statements()) {
        body.add(statement(p, table, s));
      }
    }
    String when =
        p.when().isEmpty()
            ? null
            : new SqliteQueryTranslator(names, table, false).translate(p.when());
    List<String> columns = new ArrayList<>();
    p.columns().forEach(c -> columns.add(Identifiers.quote(column(table, c.text()).targetName())));
    return List.of(
        SqliteObjectStatementBuilder.triggerFunction(function, body, returns),
        SqliteObjectStatementBuilder.trigger(
            p.name(), timing, p.event(), columns, table, when, function));
  }

  /**
   * Whether the trigger's one statement updates the row just inserted or updated ({@code UPDATE t
   * SET ... WHERE key = NEW.key}, {@code key} its one key column or the rowid).
   */
  private static boolean setsOwnRow(Parsed p, TableDef table) {
    if (p.statements().size() != 1 || p.event().equals("DELETE")) {
      return false;
    }
    List<SqlToken> s = p.statements().get(0);
    if (s.size() < 4
        || !s.get(0).is("UPDATE")
        || !s.get(1).text().equalsIgnoreCase(table.sourceTable())) {
      return false;
    }
    int where = indexOf(s, "WHERE");
    if (where < 0 || s.size() - where != 6) {
      return false;
    }
    List<SqlToken> w = s.subList(where + 1, s.size());
    List<ColumnDef> key = table.columns().stream().filter(c -> c.keyPosition() > 0).toList();
    boolean keyFirst = w.get(1).is("=") || w.get(1).is("==");
    SqlToken bare = keyFirst ? w.get(0) : w.get(4);
    List<SqlToken> row = keyFirst ? w.subList(2, 5) : w.subList(0, 3);
    if (!(w.get(1).is("=") || w.get(1).is("==") || w.get(3).is("=") || w.get(3).is("=="))
        || !row.get(0).is("NEW")
        || !row.get(1).is(".")
        || !row.get(2).text().equalsIgnoreCase(bare.text())
        || key.size() != 1) {
      return false;
    }
    String k = bare.text().toLowerCase(Locale.ROOT);
    return key.get(0).name().equalsIgnoreCase(k)
        || List.of("rowid", "_rowid_", "oid").contains(k)
            && key.get(0).sourceType().equalsIgnoreCase("INTEGER");
  }

  /** {@code NEW.col := value} for each {@code col = value} of the trigger's UPDATE. */
  private List<String> assignments(Parsed p, TableDef table) {
    List<SqlToken> s = p.statements().get(0);
    List<String> out = new ArrayList<>();
    for (List<SqlToken> a : split(s.subList(indexOf(s, "SET") + 1, indexOf(s, "WHERE")), ",")) {
      ColumnDef c = assigned(table, a);
      List<SqlToken> value = a.subList(2, a.size());
      String sql =
          c.targetType() == TargetType.TEXT && isNow(value)
              ? "to_char(CURRENT_TIMESTAMP AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
              : new SqliteQueryTranslator(names, table, true).translate(value);
      out.add("NEW." + Identifiers.quote(c.targetName()) + " := " + sql);
    }
    return out;
  }

  /** {@code CURRENT_TIMESTAMP} or {@code datetime('now')}: SQLite's text of the time now. */
  private static boolean isNow(List<SqlToken> v) {
    return v.size() == 1 && v.get(0).is("CURRENT_TIMESTAMP")
        || v.size() == 4
            && v.get(0).is("datetime")
            && v.get(2).type() == SqlToken.Type.STRING
            && v.get(2).text().equalsIgnoreCase("now");
  }

  private ColumnDef assigned(TableDef table, List<SqlToken> assignment) {
    if (assignment.size() < 3 || !assignment.get(0).isName() || !assignment.get(1).is("=")) {
      throw new Untranslatable("it sets columns in a form not read here");
    }
    return column(table, assignment.get(0).text());
  }

  private static ColumnDef column(TableDef table, String name) {
    return table.columns().stream()
        .filter(c -> c.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () ->
                new Untranslatable(
                    "table '" + table.sourceTable() + "' has no column '" + name + "'"));
  }

  /** One statement of the trigger's body in PL/pgSQL. */
  private String statement(Parsed p, TableDef table, List<SqlToken> s) {
    String verb = s.get(0).upper();
    if (s.size() > 1 && s.get(1).is("OR") || verb.equals("REPLACE")) {
      throw new Untranslatable("it runs " + verb + " OR ..., which is not translated");
    }
    SqliteQueryTranslator sql = new SqliteQueryTranslator(names, table, false);
    switch (verb) {
      case "UPDATE" -> {
        TableDef target = written(p, table, s.get(1).text(), "UPDATE");
        sql.reads(target);
        int where = indexOf(s, "WHERE");
        int end = where < 0 ? s.size() : where;
        List<String> sets = new ArrayList<>();
        for (List<SqlToken> a : split(s.subList(indexOf(s, "SET") + 1, end), ",")) {
          sets.add(
              Identifiers.quote(assigned(target, a).targetName())
                  + " = "
                  + sql.translateApart(a.subList(2, a.size())));
        }
        return "UPDATE "
            + Identifiers.qualified(target.targetSchema(), target.targetTable())
            + " SET "
            + String.join(", ", sets)
            + (where < 0 ? "" : " WHERE " + sql.translateApart(s.subList(where + 1, s.size())));
      }
      case "DELETE" -> {
        TableDef target = written(p, table, s.get(2).text(), "DELETE");
        sql.reads(target);
        return "DELETE FROM "
            + Identifiers.qualified(target.targetSchema(), target.targetTable())
            + (s.size() > 3 ? " " + sql.translate(s.subList(3, s.size())) : "");
      }
      case "INSERT" -> {
        TableDef target = written(p, table, s.get(2).text(), "INSERT");
        if (s.size() < 4 || !s.get(3).is("(")) {
          throw new Untranslatable("it inserts without naming the columns");
        }
        int close = closing(s, 3);
        List<String> columns = new ArrayList<>();
        s.subList(4, close).stream()
            .filter(SqlToken::isName)
            .forEach(c -> columns.add(Identifiers.quote(column(target, c.text()).targetName())));
        return "INSERT INTO "
            + Identifiers.qualified(target.targetSchema(), target.targetTable())
            + " ("
            + String.join(", ", columns)
            + ") "
            + sql.translate(s.subList(close + 1, s.size()));
      }
      case "SELECT" -> {
        return raise(s, sql);
      }
      default -> throw new Untranslatable("it runs " + verb + ", which is not translated");
    }
  }

  /** {@code SELECT RAISE(ABORT|FAIL|ROLLBACK, 'message') [WHERE condition]}. */
  private static String raise(List<SqlToken> s, SqliteQueryTranslator sql) {
    if (s.size() < 7
        || !s.get(1).is("RAISE")
        || !s.get(2).is("(")
        || !(s.get(3).is("ABORT") || s.get(3).is("FAIL") || s.get(3).is("ROLLBACK"))
        || s.get(5).type() != SqlToken.Type.STRING
        || !s.get(6).is(")")
        || s.size() > 7 && !s.get(7).is("WHERE")) {
      throw new Untranslatable(
          "it runs a SELECT other than SELECT RAISE(ABORT, 'message') [WHERE ...]");
    }
    String raise = "RAISE EXCEPTION USING MESSAGE = " + Identifiers.literal(s.get(5).text());
    return s.size() > 7
        ? "IF " + sql.translate(s.subList(8, s.size())) + " THEN " + raise + "; END IF"
        : raise;
  }

  /** The migrated table a statement writes; refused when it is the trigger's own for its event. */
  private TableDef written(Parsed p, TableDef table, String name, String verb) {
    TableDef target = names.table(name);
    if (target == null) {
      throw new Untranslatable("it " + names.missing(name, "writes"));
    }
    if (target == table && verb.equals(p.event())) {
      throw new Untranslatable(
          "it runs "
              + verb
              + " on its own table, which in PostgreSQL would fire it again (SQLite, by default,"
              + " does not)");
    }
    return target;
  }

  private static int indexOf(List<SqlToken> s, String word) {
    int depth = 0;
    for (int i = 0; i < s.size(); i++) {
      if (depth == 0 && s.get(i).is(word)) {
        return i;
      }
      depth += s.get(i).is("(") ? 1 : s.get(i).is(")") ? -1 : 0;
    }
    if (word.equals("SET")) {
      throw new Untranslatable("an UPDATE without SET");
    }
    return -1;
  }

  /** The index of the parenthesis that closes the one at {@code open}. */
  private static int closing(List<SqlToken> s, int open) {
    int depth = 0;
    for (int i = open; i < s.size(); i++) {
      depth += s.get(i).is("(") ? 1 : s.get(i).is(")") ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    throw new Untranslatable("a parenthesis is not closed");
  }

  /** Splits at top-level {@code separator}s. */
  private static List<List<SqlToken>> split(List<SqlToken> tokens, String separator) {
    List<List<SqlToken>> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < tokens.size(); i++) {
      depth += tokens.get(i).is("(") ? 1 : tokens.get(i).is(")") ? -1 : 0;
      if (depth == 0 && tokens.get(i).is(separator)) {
        out.add(tokens.subList(from, i));
        from = i + 1;
      }
    }
    out.add(tokens.subList(from, tokens.size()));
    return out;
  }
}
