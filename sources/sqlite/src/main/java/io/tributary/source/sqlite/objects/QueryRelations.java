package io.tributary.source.sqlite.objects;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables and views one statement reads ({@code FROM}, {@code JOIN} and the commas of a FROM
 * list, at every level), their aliases, and how the target names them; shared by the parts of the
 * statement {@link SqliteQueryTranslator} translates apart (a function's arguments).
 *
 * <p>A {@code *} over tables is written as their columns: PostgreSQL keeps a view's {@code *} as
 * the columns the table has when the view is made, and a table loaded in bulk holds columns of its
 * own until its key is built, which the view would then keep from being dropped.
 */
final class QueryRelations {
  /** A table (null: a view) a query reads, and the name its columns are qualified with. */
  record Relation(TableDef table, String relationName) {}

  /**
   * A reference in a token list: the index after its name, its scope, whether an alias follows,
   * what it reads, and the view's name as the file spells it (null: a table).
   */
  record Ref(int end, int scope, boolean aliased, Relation relation, String view) {}

  /** The references of one token list, and the scope (its SELECT's parenthesis) of each token. */
  record Scan(Map<Integer, Ref> refs, int[] scopes, Set<Integer> opaque) {}

  private final ObjectNames names;
  private final Map<String, Relation> relations = new HashMap<>();
  private final List<TableDef> read = new ArrayList<>();
  private final Set<String> views = new LinkedHashSet<>();
  private final Map<String, String> spellings = new HashMap<>();

  QueryRelations(ObjectNames names) {
    this.names = names;
  }

  /** The views read, as the file names them. */
  Set<String> views() {
    return views;
  }

  /** The tables read. */
  List<TableDef> read() {
    return read;
  }

  /** The table or view a qualifier names (an alias, or a name without one); null if none. */
  Relation get(String qualifier) {
    return relations.get(ObjectNames.key(qualifier));
  }

  /** Adds a table read or written without a FROM (an UPDATE's, a DELETE's). */
  void add(TableDef table) {
    relations.put(ObjectNames.key(table.sourceTable()), new Relation(table, table.targetTable()));
    read.add(table);
  }

  /** One spelling of each name that is no column (SQLite reads names case-insensitively). */
  String spelling(String name) {
    return spellings.computeIfAbsent(ObjectNames.key(name), k -> name);
  }

  /** Finds the references of {@code tokens}, recording their aliases. */
  Scan scan(List<SqlToken> tokens) {
    Map<Integer, Ref> refs = new HashMap<>();
    int[] scopes = new int[tokens.size()];
    Set<Integer> opaque = new HashSet<>();
    Set<Integer> inFrom = new HashSet<>();
    List<Integer> stack = new ArrayList<>(List.of(-1));
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      int scope = stack.get(stack.size() - 1);
      scopes[i] = scope;
      if (t.is("WITH")) {
        throw new Untranslatable("it has a WITH clause, which this translation does not read");
      } else if (t.is("(")) {
        stack.add(i);
      } else if (t.is(")") && stack.size() > 1) {
        inFrom.remove(stack.remove(stack.size() - 1));
      } else if (t.is("USING") || t.is("NATURAL")) {
        opaque.add(scope);
      } else if (t.type() == SqlToken.Type.WORD && SqliteKeywords.ENDS_FROM.contains(t.upper())) {
        inFrom.remove(scope);
      } else if (t.is("FROM") || t.is("JOIN") || t.is(",") && inFrom.contains(scope)) {
        inFrom.add(scope);
        if (i + 1 < tokens.size() && tokens.get(i + 1).isName()) {
          refs.put(i + 1, reference(tokens, i + 1, scope));
        } else if (i + 1 < tokens.size() && tokens.get(i + 1).is("(")) {
          opaque.add(scope);
        }
      }
    }
    return new Scan(refs, scopes, opaque);
  }

  private Ref reference(List<SqlToken> tokens, int i, int scope) {
    int at = i;
    if (at + 2 < tokens.size() && tokens.get(at + 1).is(".")) {
      if (!tokens.get(at).text().equalsIgnoreCase("main")) {
        throw new Untranslatable(
            "it reads '"
                + tokens.get(at).text()
                + "."
                + tokens.get(at + 2).text()
                + "' of another database");
      }
      at += 2;
    }
    String name = tokens.get(at).text();
    if (at + 1 < tokens.size() && tokens.get(at + 1).is("(")) {
      throw new Untranslatable("it reads the table-valued function " + name + "()");
    }
    int end = at + 1;
    String alias = null;
    if (end + 1 < tokens.size() && tokens.get(end).is("AS")) {
      alias = tokens.get(end + 1).text();
    } else if (end < tokens.size() && isAlias(tokens.get(end))) {
      alias = tokens.get(end).text();
    }
    TableDef table = names.table(name);
    String view = table == null ? names.view(name) : null;
    if (table == null && view == null) {
      throw new Untranslatable("it " + names.missing(name, "reads"));
    }
    String relationName =
        alias != null ? spelling(alias) : table != null ? unaliasedName(table) : view;
    Relation relation = new Relation(table, relationName);
    relations.put(ObjectNames.key(alias != null ? alias : name), relation);
    if (table != null) {
      read.add(table);
    } else {
      views.add(view);
    }
    return new Ref(end, scope, alias != null, relation, view);
  }

  /** Whether a token may be an alias: a name that is no keyword. */
  static boolean isAlias(SqlToken t) {
    return t.isName()
        && !(t.type() == SqlToken.Type.WORD && SqliteKeywords.KEYWORDS.contains(t.upper()));
  }

  /** The name a table's columns are qualified with when it has no alias. */
  private static String unaliasedName(TableDef table) {
    return table.targetTable().equals(table.sourceTable())
        ? table.targetTable()
        : table.sourceTable();
  }

  /** A reference as the target names it (a renamed table keeps its source name as alias). */
  String target(Ref ref) {
    TableDef table = ref.relation().table();
    if (table == null) {
      return names.targetView(ref.view());
    }
    String target = Identifiers.qualified(table.targetSchema(), table.targetTable());
    return ref.aliased() || table.targetTable().equals(table.sourceTable())
        ? target
        : target + " AS " + Identifiers.quote(table.sourceTable());
  }

  /**
   * The columns a {@code *} at {@code i} stands for, if it is a select list's {@code *}: each
   * table's columns, qualified, and {@code "view".*} of a view, in FROM order; null when the {@code
   * *} is a product.
   */
  String star(Scan scan, List<SqlToken> tokens, int i) {
    boolean listed =
        i > 0
            && (tokens.get(i - 1).is("SELECT")
                || tokens.get(i - 1).is("DISTINCT")
                || tokens.get(i - 1).is("ALL")
                || tokens.get(i - 1).is(","))
            && (i + 1 == tokens.size()
                || tokens.get(i + 1).is("FROM")
                || tokens.get(i + 1).is(","));
    if (!listed) {
      return null;
    }
    int scope = scan.scopes()[i];
    if (scan.opaque().contains(scope)) {
      throw new Untranslatable(
          "it selects * over a subquery or a USING or NATURAL join: name the columns");
    }
    List<String> out = new ArrayList<>();
    for (int j = i + 1; j < tokens.size(); j++) {
      if (scan.scopes()[j] == scope && tokens.get(j).is("SELECT")) {
        break;
      }
      Ref ref = scan.refs().get(j);
      if (ref != null && ref.scope() == scope) {
        out.add(columns(ref.relation()));
      }
    }
    return out.isEmpty() ? "*" : String.join(", ", out);
  }

  /** A relation's columns, qualified: a table's each, a view's {@code *}. */
  static String columns(Relation r) {
    String q = Identifiers.quote(r.relationName());
    if (r.table() == null) {
      return q + ".*";
    }
    List<String> out = new ArrayList<>();
    for (ColumnDef c : r.table().columns()) {
      out.add(q + "." + Identifiers.quote(c.targetName()));
    }
    return String.join(", ", out);
  }
}
