package io.tributary.source.sqlite.objects;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.ObjectRule;
import io.tributary.common.plan.PlanError;
import io.tributary.source.spi.intake.SchemaObject;
import io.tributary.source.spi.intake.SchemaObjectStatements;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What becomes of a SQLite file's views and triggers ({@link SqliteObjectReader}) on the target:
 * each made from its translation ({@link SqliteQueryTranslator}, {@link SqliteTriggerTranslator})
 * or from the plan's replacement ({@link ObjectRule}), or not made, with why — its SQL quoted in
 * the reason. Views come first, each after the views it reads, then the triggers; those not made
 * last. Each made object's statements run as its target schema's owner role with that schema on the
 * search path ({@link SchemaObjectStatements#inSchema}).
 */
public final class SqliteObjects {
  private SqliteObjects() {}

  /**
   * What the file holds besides its tables, and what the plan says of it.
   *
   * @param definitions the file's views and triggers
   * @param tables the migrated tables, as shaped (their target names)
   * @param notMigrated the file's tables that are not migrated, by name, with why (read by a view
   *     or a trigger, they keep it from being made)
   * @param fullText the file's full-text tables: a trigger on one, or writing one, keeps it in step
   *     with its text, which the target's full-text search does by itself
   * @param viewSchema the target schema views are made in
   * @param rules the plan's {@code objects}, by their key in the plan
   * @param path the source's field path, for errors
   */
  public static List<SchemaObject> plan(
      List<SqliteObjectReader.Definition> definitions,
      List<TableDef> tables,
      Map<String, String> notMigrated,
      Set<String> fullText,
      String viewSchema,
      Map<String, ObjectRule> rules,
      String path,
      List<PlanError> errors) {
    Set<String> viewNames = new LinkedHashSet<>();
    definitions.stream().filter(d -> d.type().equals("view")).forEach(d -> viewNames.add(d.name()));
    ObjectNames names = new ObjectNames(tables, viewNames, notMigrated, viewSchema);
    Map<String, ObjectRule> byKey = byKey(definitions, rules, path, errors);
    Map<String, SchemaObject> views = new LinkedHashMap<>();
    Map<String, Set<String>> reads = new HashMap<>();
    List<SchemaObject> triggers = new ArrayList<>();
    List<SchemaObject> notMade = new ArrayList<>();
    for (SqliteObjectReader.Definition d : definitions) {
      ObjectRule rule = byKey.get(ObjectNames.key(d.type() + " " + d.name()));
      SchemaObject object;
      if (d.type().equals("view")) {
        Set<String> read = new LinkedHashSet<>();
        object = view(d, rule, names, read);
        reads.put(d.name(), read);
      } else {
        object = trigger(d, rule, names, fullText, viewSchema);
      }
      if (!object.made()) {
        notMade.add(object);
      } else if (d.type().equals("view")) {
        views.put(d.name(), object);
      } else {
        triggers.add(object);
      }
    }
    List<SchemaObject> out = new ArrayList<>(ordered(views, reads, notMade));
    out.addAll(triggers);
    out.addAll(notMade);
    return out;
  }

  /**
   * The file's tables that are not migrated, with why, as {@link #plan} takes them.
   *
   * @param catalog what the file holds
   * @param excluded the names the plan excludes
   * @param migrated the tables migrated
   */
  public static Map<String, String> notMigrated(
      SqliteCatalogReader.Catalog catalog, Set<String> excluded, List<TableDef> migrated) {
    Set<String> kept = new HashSet<>();
    migrated.forEach(t -> kept.add(t.sourceTable()));
    Map<String, String> out = new HashMap<>();
    catalog.virtualTables().shadows().forEach(s -> out.put(s, "a shadow table of a virtual table"));
    catalog
        .virtualTables()
        .refused()
        .keySet()
        .forEach(v -> out.put(v, "a virtual table that is not migrated"));
    catalog.virtualTables().fulltext().stream()
        .filter(f -> !kept.contains(f.name()))
        .forEach(f -> out.put(f.name(), "a full-text index, not migrated as a table"));
    catalog.tables().stream()
        .map(TableDef::sourceTable)
        .filter(t -> !kept.contains(t))
        .forEach(
            t ->
                out.put(
                    t,
                    excluded.contains(t)
                        ? "which the plan excludes"
                        : "which is not migrated (see what is said of it)"));
    return out;
  }

  /** The plan's rules by their object's key in lower case; a rule naming nothing is an error. */
  private static Map<String, ObjectRule> byKey(
      List<SqliteObjectReader.Definition> definitions,
      Map<String, ObjectRule> rules,
      String path,
      List<PlanError> errors) {
    Set<String> known = new HashSet<>();
    definitions.forEach(d -> known.add(ObjectNames.key(d.type() + " " + d.name())));
    Map<String, ObjectRule> out = new HashMap<>();
    rules.forEach(
        (key, rule) -> {
          if (known.contains(ObjectNames.key(rule.key()))) {
            out.put(ObjectNames.key(rule.key()), rule);
          } else {
            errors.add(
                new PlanError(
                    path + ".objects." + key,
                    "the file has no "
                        + rule.kind()
                        + " '"
                        + rule.name()
                        + "'"
                        + (rule.kind().equals("trigger")
                            ? " (Tributary's own triggers are never migrated)"
                            : "")));
          }
        });
    return out;
  }

  private static SchemaObject view(
      SqliteObjectReader.Definition d, ObjectRule rule, ObjectNames names, Set<String> read) {
    String target = names.viewSchema() + "." + d.name();
    if (rule != null) {
      return replaced(d, rule, target, names.viewSchema(), () -> view(d.name(), rule));
    }
    try {
      SqliteQueryTranslator translator = new SqliteQueryTranslator(names, null, false);
      String query = translator.translate(query(SqlToken.lex(d.sql())));
      read.addAll(translator.views());
      String ddl = SqliteObjectStatementBuilder.view(d.name(), query);
      return made(d, target, names.viewSchema(), List.of(ddl));
    } catch (Untranslatable e) {
      return notMade(d, e.getMessage());
    }
  }

  private static String view(String name, ObjectRule rule) {
    return SqliteObjectStatementBuilder.view(name, rule.replacement());
  }

  /** The query of a {@code CREATE VIEW}: what follows its {@code AS}. */
  private static List<SqlToken> query(List<SqlToken> tokens) {
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      depth += tokens.get(i).is("(") ? 1 : tokens.get(i).is(")") ? -1 : 0;
      if (depth == 0 && tokens.get(i).is("AS")) {
        if (i > 0 && tokens.get(i - 1).is(")")) {
          throw new Untranslatable("it names its columns, which this translation does not read");
        }
        int end = tokens.size();
        while (end > i + 1 && tokens.get(end - 1).is(";")) {
          end--;
        }
        return tokens.subList(i + 1, end);
      }
    }
    throw new Untranslatable("its CREATE VIEW has no AS");
  }

  private static SchemaObject trigger(
      SqliteObjectReader.Definition d,
      ObjectRule rule,
      ObjectNames names,
      Set<String> fullText,
      String viewSchema) {
    TableDef table = names.table(d.table());
    String schema = table == null ? viewSchema : table.targetSchema();
    String target =
        schema + "." + (table == null ? d.table() : table.targetTable()) + "." + d.name();
    if (rule != null) {
      return replaced(d, rule, target, schema, rule::replacement);
    }
    try {
      if (fullText.stream().anyMatch(f -> f.equalsIgnoreCase(d.table()))) {
        throw new Untranslatable(
            "it is on the full-text table '" + d.table() + "', which is handled apart");
      }
      if (table == null) {
        throw new Untranslatable(
            names.view(d.table()) != null
                ? "it is on the view '" + d.table() + "' (INSTEAD OF), which has no translation"
                : "it " + names.missing(d.table(), "is on"));
      }
      SqliteTriggerTranslator.Parsed parsed = SqliteTriggerTranslator.parse(d.sql());
      for (List<SqlToken> s : parsed.statements()) {
        for (String f : fullText) {
          if (s.stream().anyMatch(t -> t.isName() && t.text().equalsIgnoreCase(f))) {
            throw new Untranslatable(
                "it keeps the full-text table '"
                    + f
                    + "' in step, which the target's full-text search does by itself (see"
                    + " docs/sqlite-virtual-tables.md)");
          }
        }
      }
      List<String> ddl =
          new ArrayList<>(new SqliteTriggerTranslator(names).translate(parsed, table));
      ddl.add(1, SqliteObjectStatementBuilder.dropTrigger(parsed.name(), table));
      return made(d, target, schema, ddl);
    } catch (Untranslatable e) {
      return notMade(d, e.getMessage());
    } catch (IndexOutOfBoundsException e) {
      return notMade(d, "its CREATE TRIGGER is not read here");
    }
  }

  private static SchemaObject replaced(
      SqliteObjectReader.Definition d,
      ObjectRule rule,
      String target,
      String schema,
      Supplier<String> ddl) {
    if (rule.skip()) {
      return SchemaObject.notMade(
          d.type(), source(d), "the plan skips it (objects: " + rule.key() + ": skip)");
    }
    return made(d, target, schema, List.of(ddl.get()))
        .checking("made from the plan's replacement (objects: " + rule.key() + ")");
  }

  private static SchemaObject made(
      SqliteObjectReader.Definition d, String target, String schema, List<String> ddl) {
    return SchemaObject.made(
        d.type(),
        source(d),
        target,
        List.of(SchemaObjectStatements.inSchema(schema, schema, String.join(";\n", ddl))));
  }

  private static SchemaObject notMade(SqliteObjectReader.Definition d, String why) {
    return SchemaObject.notMade(
        d.type(),
        source(d),
        why
            + "; give its PostgreSQL in the plan (objects: \""
            + d.type()
            + " "
            + d.name()
            + "\") or skip it. Its SQL: "
            + d.sql());
  }

  /** Its name in the source: a view's own, a trigger's qualified by its table. */
  private static String source(SqliteObjectReader.Definition d) {
    return d.type().equals("view") ? d.name() : d.table() + "." + d.name();
  }

  /**
   * The made views, each after those it reads; a view reading one that is not made is not made
   * either (moved to {@code notMade}).
   */
  private static List<SchemaObject> ordered(
      Map<String, SchemaObject> views, Map<String, Set<String>> reads, List<SchemaObject> notMade) {
    List<SchemaObject> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> failed = new HashSet<>();
    for (String v : views.keySet()) {
      visit(v, views, reads, done, failed, new HashSet<>(), out, notMade);
    }
    return out;
  }

  private static boolean visit(
      String view,
      Map<String, SchemaObject> views,
      Map<String, Set<String>> reads,
      Set<String> done,
      Set<String> failed,
      Set<String> visiting,
      List<SchemaObject> out,
      List<SchemaObject> notMade) {
    if (done.contains(view)) {
      return true;
    }
    if (failed.contains(view) || !views.containsKey(view) || !visiting.add(view)) {
      return false;
    }
    for (String needed : reads.getOrDefault(view, Set.of())) {
      if (!visit(needed, views, reads, done, failed, visiting, out, notMade)) {
        failed.add(view);
        SchemaObject o = views.get(view);
        notMade.add(
            SchemaObject.notMade(
                o.kind(), o.source(), "it reads the view '" + needed + "', which is not made"));
        return false;
      }
    }
    done.add(view);
    out.add(views.get(view));
    return true;
  }
}
