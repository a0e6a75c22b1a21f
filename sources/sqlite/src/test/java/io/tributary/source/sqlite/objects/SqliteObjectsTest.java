package io.tributary.source.sqlite.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.ObjectRule;
import io.tributary.common.plan.PlanError;
import io.tributary.source.spi.intake.SchemaObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The translation of a SQLite file's views and triggers into PostgreSQL: each shape made, each
 * refusal named with its SQL, Tributary's own triggers never seen, the plan's replacements.
 */
class SqliteObjectsTest {
  private static final TableDef NOTES =
      new TableDef(
          "app",
          "main",
          "notes",
          "app",
          "notes",
          "t.notes",
          List.of(
              new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("body", "TEXT", "content", TargetType.TEXT, 0, true),
              new ColumnDef("archived", "BOOLEAN", "archived", TargetType.BOOLEAN, 0, true),
              new ColumnDef("updated_at", "TEXT", "updated_at", TargetType.TEXT, 0, true),
              new ColumnDef("author_id", "INTEGER", "author_id", TargetType.BIGINT, 0, true)));
  private static final TableDef AUTHORS =
      new TableDef(
          "app",
          "main",
          "authors",
          "people",
          "writers",
          "t.authors",
          List.of(
              new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("name", "TEXT", "name", TargetType.TEXT, 0, true),
              new ColumnDef("note_count", "INTEGER", "note_count", TargetType.BIGINT, 0, true)));
  private static final TableDef LOG =
      new TableDef(
          "app",
          "main",
          "note_log",
          "app",
          "note_log",
          "t.note_log",
          List.of(
              new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("note_id", "INTEGER", "note_id", TargetType.BIGINT, 0, true),
              new ColumnDef("action", "TEXT", "action", TargetType.TEXT, 0, true)));

  private final List<PlanError> errors = new ArrayList<>();

  private List<SchemaObject> plan(Map<String, ObjectRule> rules, String... definitions) {
    List<SqliteObjectReader.Definition> defs = new ArrayList<>();
    for (String d : definitions) {
      String[] parts = d.split("\\|", 4);
      defs.add(new SqliteObjectReader.Definition(parts[0], parts[1], parts[2], parts[3]));
    }
    return SqliteObjects.plan(
        defs,
        List.of(NOTES, AUTHORS, LOG),
        Map.of("old_notes", "which the plan excludes", "notes_fts", "a full-text index"),
        Set.of("notes_fts"),
        "app",
        rules,
        "sources[0]",
        errors);
  }

  private SchemaObject one(String definition) {
    List<SchemaObject> objects = plan(Map.of(), definition);
    assertThat(objects).hasSize(1);
    return objects.get(0);
  }

  private static String view(String name, String sql) {
    return "view|" + name + "|" + name + "|" + sql;
  }

  @Test
  void viewsOfCommonSqliteIsmsAreTranslated() {
    SchemaObject v =
        one(
            view(
                "v",
                "CREATE VIEW v AS SELECT `id`, [body] || '!' AS shout, IFNULL(body, 'none') AS b,"
                    + " substr(body, 1, 3) AS head, length(body) AS len, upper(body) AS up,"
                    + " CAST(author_id AS TEXT) AS a, CAST('3.7' AS INTEGER) AS i, IIF(archived"
                    + " = 1, 'old', 'new') AS state FROM notes WHERE archived == 0 AND body LIKE"
                    + " 'a%' AND body IS NOT 'x' LIMIT 5, 10"));
    assertThat(v.made()).as(v.note()).isTrue();
    assertThat(v.target()).isEqualTo("app.v");
    assertThat(v.statements().get(0))
        .startsWith("SET LOCAL ROLE \"app\"; SET LOCAL search_path = \"app\"; ")
        .contains(
            "CREATE OR REPLACE VIEW \"v\" AS SELECT \"id\", \"content\" || '!' AS \"shout\","
                + " coalesce(\"content\", 'none') AS \"b\", substr(CAST(\"content\" AS text), 1,"
                + " 3) AS \"head\", length(CAST(\"content\" AS text)) AS \"len\","
                + " upper(\"content\") AS \"up\", CAST(\"author_id\" AS text) AS \"a\","
                + " CAST(trunc(CAST('3.7' AS numeric)) AS bigint) AS \"i\", CASE WHEN"
                + " \"archived\" = TRUE THEN 'old' ELSE 'new' END AS \"state\" FROM"
                + " \"app\".\"notes\" WHERE \"archived\" = FALSE AND \"content\" ILIKE 'a%' AND"
                + " \"content\" IS DISTINCT FROM 'x' LIMIT 10 OFFSET 5")
        .endsWith("; RESET ROLE; RESET search_path");
  }

  @Test
  void aJoinOfARenamedTableAndAGroupConcatAreTranslated() {
    SchemaObject v =
        one(
            view(
                "by_author",
                "CREATE VIEW by_author AS SELECT a.name, GROUP_CONCAT(n.body, '; ') AS bodies,"
                    + " count(*) AS n, total(n.id) FROM notes n JOIN authors AS a ON a.id ="
                    + " n.author_id GROUP BY a.name"));
    assertThat(v.statements().get(0))
        .contains(
            "AS SELECT \"a\".\"name\", string_agg(CAST(\"n\".\"content\" AS text), CAST('; ' AS"
                + " text)) AS \"bodies\", count(*) AS \"n\", coalesce(sum(\"n\".\"id\"), 0) FROM"
                + " \"app\".\"notes\" \"n\" JOIN \"people\".\"writers\" AS \"a\" ON \"a\".\"id\" ="
                + " \"n\".\"author_id\" GROUP BY \"a\".\"name\"");
    // without an alias, a renamed table keeps its source name for the columns it qualifies
    assertThat(
            one(view("w", "CREATE VIEW w AS SELECT authors.name FROM authors")).statements().get(0))
        .contains("SELECT \"authors\".\"name\" FROM \"people\".\"writers\" AS \"authors\"");
  }

  @Test
  void aStarOverTablesIsTheirColumnsAndOverAViewStaysAStar() {
    // a table loaded in bulk holds columns of its own until its key is built: a view's * would
    // keep them, and their drop would fail
    assertThat(one(view("s", "CREATE VIEW s AS SELECT * FROM notes")).statements().get(0))
        .contains(
            "AS SELECT \"notes\".\"id\", \"notes\".\"content\", \"notes\".\"archived\","
                + " \"notes\".\"updated_at\", \"notes\".\"author_id\" FROM"
                + " \"app\".\"notes\"; RESET ROLE");
    List<SchemaObject> objects =
        plan(
            Map.of(),
            view("live", "CREATE VIEW live AS SELECT id * 2 AS twice FROM notes"),
            view(
                "j", "CREATE VIEW j AS SELECT a.*, * FROM authors a JOIN live l ON l.twice = a.id"),
            view("d", "CREATE VIEW d AS SELECT * FROM (SELECT id FROM notes)"));
    assertThat(objects.get(0).statements().get(0)).contains("SELECT \"id\" * 2 AS \"twice\"");
    assertThat(objects.get(1).statements().get(0))
        .contains(
            "SELECT \"a\".\"id\", \"a\".\"name\", \"a\".\"note_count\", \"a\".\"id\","
                + " \"a\".\"name\", \"a\".\"note_count\", \"l\".* FROM");
    assertThat(objects.get(2).notMadeBecause())
        .startsWith("it selects * over a subquery or a USING or NATURAL join: name the columns");
  }

  @Test
  void timeFunctionsAreTranslated() {
    SchemaObject v =
        one(
            view(
                "recent",
                "CREATE VIEW recent AS SELECT strftime('%Y-%m', updated_at) AS month,"
                    + " julianday('now') - julianday(updated_at) AS age FROM notes WHERE"
                    + " updated_at > datetime('now', '-7 days')"));
    assertThat(v.statements().get(0))
        .contains(
            "to_char((CAST(CAST(\"updated_at\" AS text) AS timestamp) AT TIME ZONE 'UTC') AT"
                + " TIME ZONE 'UTC', 'YYYY\"-\"MM') AS \"month\"")
        .contains("(extract(epoch FROM CURRENT_TIMESTAMP) / 86400.0 + 2440587.5) -")
        .contains("> date_trunc('second', (CURRENT_TIMESTAMP + interval '-7 days'))");
  }

  @Test
  void viewsOnViewsComeAfterTheViewsTheyRead() {
    List<SchemaObject> objects =
        plan(
            Map.of(),
            view("top", "CREATE VIEW top AS SELECT * FROM live WHERE id < 10"),
            view("live", "CREATE VIEW live AS SELECT * FROM notes WHERE NOT archived"),
            view("broken", "CREATE VIEW broken AS SELECT * FROM old_notes"),
            view("on_broken", "CREATE VIEW on_broken AS SELECT * FROM broken"));
    assertThat(objects)
        .extracting(SchemaObject::source, SchemaObject::made)
        .containsExactly(
            tuple("live", true),
            tuple("top", true),
            tuple("broken", false),
            tuple("on_broken", false));
    assertThat(objects.get(1).statements().get(0)).contains("FROM \"app\".\"live\"");
    assertThat(objects.get(2).note())
        .isEqualTo(
            "view broken is not made in the target: it reads 'old_notes', which the plan"
                + " excludes; give its PostgreSQL in the plan (objects: \"view broken\") or skip"
                + " it. Its SQL: CREATE VIEW broken AS SELECT * FROM old_notes");
    assertThat(objects.get(3).notMadeBecause())
        .isEqualTo("it reads the view 'broken', which is not made");
  }

  @Test
  void viewsThatCannotBeTranslatedAreNamedWithWhy() {
    assertThat(one(view("g", "CREATE VIEW g AS SELECT * FROM notes WHERE body GLOB 'a*'")).note())
        .contains("it uses GLOB, which has no PostgreSQL translation here")
        .contains("Its SQL: CREATE VIEW g AS SELECT * FROM notes WHERE body GLOB 'a*'");
    assertThat(
            one(view("p", "CREATE VIEW p AS SELECT printf('%d', id) FROM notes")).notMadeBecause())
        .startsWith("it calls printf(), which this translation does not carry to PostgreSQL");
    assertThat(one(view("j", "CREATE VIEW j AS SELECT body ->> '$.a' FROM notes")).notMadeBecause())
        .startsWith("it uses SQLite's JSON operator ->>");
    assertThat(
            one(view("c", "CREATE VIEW c AS WITH x AS (SELECT 1) SELECT * FROM x"))
                .notMadeBecause())
        .startsWith("it has a WITH clause");
    assertThat(one(view("f", "CREATE VIEW f AS SELECT * FROM notes_fts")).notMadeBecause())
        .startsWith("it reads 'notes_fts', a full-text index");
    assertThat(
            one(view("m", "CREATE VIEW m AS SELECT strftime('%w', updated_at) FROM notes"))
                .notMadeBecause())
        .startsWith("its strftime format uses %w, which is not translated");
  }

  @Test
  void aTriggerSettingItsRowsTimestampBecomesABeforeTrigger() {
    SchemaObject t =
        one(
            "trigger|touch|notes|CREATE TRIGGER touch AFTER UPDATE ON notes FOR EACH ROW WHEN"
                + " NEW.updated_at IS OLD.updated_at BEGIN UPDATE notes SET updated_at ="
                + " CURRENT_TIMESTAMP WHERE id = NEW.id; END");
    assertThat(t.made()).as(t.note()).isTrue();
    assertThat(t.source()).isEqualTo("notes.touch");
    assertThat(t.target()).isEqualTo("app.notes.touch");
    assertThat(t.statements().get(0))
        .contains(
            "CREATE OR REPLACE FUNCTION \"notes_touch_fn\"() RETURNS trigger LANGUAGE plpgsql AS"
                + " $tributary_trigger$\nBEGIN\n  NEW.\"updated_at\" := to_char(CURRENT_TIMESTAMP"
                + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS');\n  RETURN NEW;\nEND\n"
                + "$tributary_trigger$;\nDROP TRIGGER IF EXISTS \"touch\" ON \"app\".\"notes\";\n"
                + "CREATE TRIGGER \"touch\" BEFORE UPDATE ON \"app\".\"notes\" FOR EACH ROW WHEN"
                + " (NEW.\"updated_at\" IS NOT DISTINCT FROM OLD.\"updated_at\") EXECUTE FUNCTION"
                + " \"notes_touch_fn\"()");
  }

  @Test
  void counterAuditAndCheckTriggersRunTheirStatements() {
    List<SchemaObject> objects =
        plan(
            Map.of(),
            "trigger|count_up|notes|CREATE TRIGGER count_up AFTER INSERT ON notes BEGIN UPDATE"
                + " authors SET note_count = note_count + 1 WHERE id = NEW.author_id; END",
            "trigger|audit|notes|CREATE TRIGGER audit AFTER DELETE ON notes WHEN OLD.archived = 0"
                + " BEGIN INSERT INTO note_log (note_id, action) VALUES (OLD.id, 'deleted'); END",
            "trigger|no_empty|notes|CREATE TRIGGER no_empty BEFORE INSERT ON notes BEGIN SELECT"
                + " RAISE(ABORT, 'empty note') WHERE NEW.body = ''; END");
    assertThat(objects).allSatisfy(o -> assertThat(o.made()).as(o.note()).isTrue());
    assertThat(objects.get(0).statements().get(0))
        .contains(
            "  UPDATE \"people\".\"writers\" SET \"note_count\" = \"note_count\" + 1 WHERE \"id\""
                + " = NEW.\"author_id\";\n  RETURN NULL;")
        .contains("CREATE TRIGGER \"count_up\" AFTER INSERT ON \"app\".\"notes\" FOR EACH ROW");
    assertThat(objects.get(1).statements().get(0))
        .contains(
            "  INSERT INTO \"app\".\"note_log\" (\"note_id\", \"action\") VALUES (OLD.\"id\","
                + " 'deleted');\n  RETURN NULL;")
        .contains("AFTER DELETE ON \"app\".\"notes\" FOR EACH ROW WHEN (OLD.\"archived\" = FALSE)");
    assertThat(objects.get(2).statements().get(0))
        .contains(
            "  IF NEW.\"content\" = '' THEN RAISE EXCEPTION USING MESSAGE = 'empty note'; END"
                + " IF;\n  RETURN NEW;")
        .contains("BEFORE INSERT ON \"app\".\"notes\"");
  }

  @Test
  void triggersThatCannotBeTranslatedAreNamedWithWhy() {
    List<SchemaObject> objects =
        plan(
            Map.of(),
            "trigger|fts_sync|notes|CREATE TRIGGER fts_sync AFTER INSERT ON notes BEGIN INSERT"
                + " INTO notes_fts(rowid, body) VALUES (new.id, new.body); END",
            "trigger|loop|notes|CREATE TRIGGER loop AFTER INSERT ON notes BEGIN INSERT INTO notes"
                + " (body) VALUES ('again'); END",
            "trigger|ignore|notes|CREATE TRIGGER ignore BEFORE INSERT ON notes BEGIN SELECT"
                + " RAISE(IGNORE); END",
            "trigger|on_view|live|CREATE TRIGGER on_view INSTEAD OF INSERT ON live BEGIN INSERT"
                + " INTO notes (body) VALUES (NEW.body); END",
            "view|live|live|CREATE VIEW live AS SELECT * FROM notes");
    assertThat(objects)
        .extracting(SchemaObject::source)
        .containsExactly("live", "notes.fts_sync", "notes.loop", "notes.ignore", "live.on_view");
    assertThat(objects.get(1).notMadeBecause())
        .startsWith("it keeps the full-text table 'notes_fts' in step")
        .endsWith(
            "Its SQL: CREATE TRIGGER fts_sync AFTER INSERT ON notes BEGIN INSERT INTO"
                + " notes_fts(rowid, body) VALUES (new.id, new.body); END");
    assertThat(objects.get(2).notMadeBecause())
        .startsWith("it runs INSERT on its own table, which in PostgreSQL would fire it again");
    assertThat(objects.get(3).notMadeBecause())
        .startsWith("it runs a SELECT other than SELECT RAISE(ABORT, 'message')");
    assertThat(objects.get(4).notMadeBecause()).startsWith("it is on the view 'live' (INSTEAD OF)");
  }

  @Test
  void tributarysOwnTriggersAreNeverRead() {
    assertThat(SqliteObjectReader.tributarys("_tributary_i_notes_1a2b3c4d")).isTrue();
    assertThat(SqliteObjectReader.tributarys("tributary_readonly_i_notes_1a2b3c4d")).isTrue();
    assertThat(SqliteObjectReader.tributarys("tributary_writeback_guard")).isTrue();
    assertThat(SqliteObjectReader.tributarys("touch_notes")).isFalse();
  }

  @Test
  void thePlanReplacesOrSkipsAnObjectAndNamesOneTheFileLacks() {
    Map<String, ObjectRule> rules = new LinkedHashMap<>();
    rules.put("view g", ObjectRule.parse("view g", "SELECT id FROM notes WHERE content ~ '^a'"));
    rules.put(
        "trigger ignore",
        ObjectRule.parse(
            "trigger ignore",
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END"
                + " $$; CREATE TRIGGER ignore BEFORE INSERT ON notes FOR EACH ROW EXECUTE"
                + " FUNCTION f()"));
    rules.put("view live", ObjectRule.parse("view live", "skip"));
    rules.put("view nowhere", ObjectRule.parse("view nowhere", "SELECT 1"));
    List<SchemaObject> objects =
        plan(
            rules,
            view("g", "CREATE VIEW g AS SELECT * FROM notes WHERE body GLOB 'a*'"),
            "trigger|ignore|notes|CREATE TRIGGER ignore BEFORE INSERT ON notes BEGIN SELECT"
                + " RAISE(IGNORE); END",
            view("live", "CREATE VIEW live AS SELECT * FROM notes"));
    assertThat(objects.get(0).note())
        .isEqualTo("view g is made as app.g; made from the plan's replacement (objects: view g)");
    assertThat(objects.get(0).statements().get(0))
        .contains("CREATE OR REPLACE VIEW \"g\" AS SELECT id FROM notes WHERE content ~ '^a'");
    assertThat(objects.get(1).statements().get(0))
        .contains("$$ BEGIN RETURN NULL; END $$;\nCREATE TRIGGER ignore");
    assertThat(objects.get(2).note())
        .isEqualTo(
            "view live is not made in the target: the plan skips it (objects: view live: skip)");
    assertThat(errors)
        .containsExactly(
            new PlanError("sources[0].objects.view nowhere", "the file has no view 'nowhere'"));
  }
}
