package io.tributary.source.postgres.objects;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.postgres.catalog.SourceSearchPath;
import io.tributary.source.spi.intake.SchemaObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a PostgreSQL source's schema objects other than its tables' rows and keys — functions,
 * procedures, aggregates, views, materialized views (and their indexes), triggers, rules and
 * comments — and makes, for each, the statements that create it in the schema its source schema
 * migrates to, in an order that makes each after what it depends on ({@code pg_depend}), or says
 * why it is not made.
 *
 * <p>Each schema is read with itself alone on the search path, so PostgreSQL's definitions of its
 * objects leave its own names unqualified; they are made with the target schema alone on the search
 * path ({@link PostgresObjectStatements#inSchema}) and so land there. A name of another migrated
 * schema, and any schema name a function's body spells out, is rewritten to its target schema
 * ({@link SchemaNameRewriter}). Names of other schemas (an extension's in {@code public}, say) stay
 * as they are.
 */
public final class PostgresObjectReader {
  /**
   * The objects read, in the order they are made (then those not made), the materialized views to
   * refresh once the tables are loaded (qualified and quoted), and the source's grants on the
   * migrated objects ({@link PostgresGrantReader}), made after every object, and the roles those
   * grants and the policies name, which must exist on the target ({@link PostgresTargetRoles}).
   */
  public record Objects(
      List<SchemaObject> objects,
      List<String> refreshes,
      List<SchemaObject> grants,
      Set<String> roles) {
    public Objects {
      objects = List.copyOf(objects);
      refreshes = List.copyOf(refreshes);
      grants = List.copyOf(grants);
      roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
    }
  }

  private final Connection connection;
  private final Map<String, String> schemas;
  private final Map<String, TableDef> tables = new HashMap<>();
  private final ObjectsMade objects;
  private final Map<String, String> viewKeys = new HashMap<>();

  private PostgresObjectReader(
      Connection connection, Map<String, String> schemas, List<TableDef> migrated) {
    this.connection = connection;
    this.schemas = Map.copyOf(schemas);
    migrated.forEach(t -> tables.put(t.sourceSchema() + '\0' + t.sourceTable(), t));
    Map<String, List<String>> movedTo = new HashMap<>();
    for (TableDef t : migrated) {
      String home = schemas.get(t.sourceSchema());
      if (home != null && !home.equals(t.targetSchema())) {
        List<String> moved = movedTo.computeIfAbsent(home, h -> new ArrayList<>());
        if (!moved.contains(t.targetSchema())) {
          moved.add(t.targetSchema());
        }
      }
    }
    this.objects = new ObjectsMade(movedTo);
  }

  /**
   * Reads the objects of the source schemas.
   *
   * @param schemas target schema by source schema name
   * @param migrated the tables migrated (their target names; a trigger or rule of any other table
   *     is not made)
   */
  public static Objects read(
      Connection connection, Map<String, String> schemas, List<TableDef> migrated)
      throws SQLException {
    PostgresObjectReader reader = new PostgresObjectReader(connection, schemas, migrated);
    try (SourceSearchPath path = new SourceSearchPath(connection)) {
      for (Map.Entry<String, String> schema : new LinkedHashMap<>(schemas).entrySet()) {
        path.only(schema.getKey());
        reader.readSchema(schema.getKey(), schema.getValue());
      }
      reader.dependencies();
    }
    return new Objects(
        reader.objects.all(),
        reader.objects.refreshes(),
        reader.objects.grants(),
        reader.objects.roles());
  }

  private void readSchema(String schema, String target) throws SQLException {
    SchemaNameRewriter rewriter = SchemaNameRewriter.readFrom(schema, schemas, tables.values());
    PostgresRoutineReader routines = new PostgresRoutineReader(connection, schemas, objects);
    routines.functions(schema, target, rewriter);
    routines.aggregates(schema, target);
    constraints(schema, target, rewriter);
    views(schema, target, rewriter);
    attachedObjects(
        PostgresObjectQueries.TRIGGERS, "TRIGGER", "pg_trigger", schema, target, rewriter);
    attachedObjects(PostgresObjectQueries.RULES, "RULE", "pg_rewrite", schema, target, rewriter);
    SourceObjects read = new SourceObjects(connection, objects, tables);
    new PostgresPolicyReader(read).read(schema, target, rewriter);
    PostgresGrantReader grants = new PostgresGrantReader(read);
    grants.read(schema, target);
    grants.readColumns(schema);
    tableComments(schema, target);
  }

  /**
   * The CHECK and exclusion constraints of the migrated tables: added with the tables, empty then
   * (so apply's rows meet them as the source's did: one that does not goes to the rejects with its
   * reason). A table made inheriting its parents ({@link TableDef#inheritance}) gets the ones it
   * only inherits from its parents' own, as in the source; one made a table of its own gets them
   * too.
   */
  private void constraints(String schema, String target, SchemaNameRewriter rewriter)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(PostgresObjectQueries.CONSTRAINTS)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String relation = rs.getString(2);
          String name = rs.getString(3);
          TableDef table = tables.get(schema + '\0' + relation);
          String source = schema + "." + relation + "." + name;
          if (table == null) {
            continue; // its table is not migrated: nothing to constrain
          }
          if (table.inheritance() != null && !rs.getBoolean(6)) {
            continue; // its parent's, which PostgreSQL adds to it with the parent's
          }
          if (!table.targetTable().equals(relation) || renamesColumns(table)) {
            objects.notMade(
                SchemaObject.notMade(
                    "constraint",
                    source,
                    "its table is migrated under other names: PostgreSQL's definition names the"
                        + " source's"));
            continue;
          }
          List<String> ddl =
              new ArrayList<>(
                  List.of(
                      "ALTER TABLE "
                          + Identifiers.quote(relation)
                          + " ADD CONSTRAINT "
                          + Identifiers.quote(name)
                          + " "
                          + rewriter.rewrite(rs.getString(4)).text()));
          ObjectsMade.comment(
              ddl,
              "CONSTRAINT " + Identifiers.quote(name) + " ON " + Identifiers.quote(relation),
              rs.getString(5));
          objects.madeOnTable(
              "pg_constraint:" + rs.getLong(1), "constraint", source, table, target, name, ddl);
        }
      }
    }
  }

  /** Whether a migrated table's columns are named otherwise in the target. */
  static boolean renamesColumns(TableDef table) {
    return table.columns().stream().anyMatch(c -> !c.name().equals(c.targetName()));
  }

  private void views(String schema, String target, SchemaNameRewriter rewriter)
      throws SQLException {
    Map<String, List<String>> indexes = new HashMap<>();
    try (PreparedStatement st = connection.prepareStatement(PostgresObjectQueries.VIEW_INDEXES)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          // pg_get_indexdef qualifies the table whatever the search path
          indexes
              .computeIfAbsent(rs.getString(2), v -> new ArrayList<>())
              .add(rewriter.rewrite(rs.getString(3)).text());
        }
      }
    }
    try (PreparedStatement st = connection.prepareStatement(PostgresObjectQueries.VIEWS)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          long oid = rs.getLong(1);
          String name = rs.getString(2);
          boolean materialized = "m".equals(rs.getString(3));
          String query = rewriter.rewrite(rs.getString(4)).text();
          String kind = materialized ? "materialized view" : "view";
          List<String> ddl = new ArrayList<>();
          ddl.add(
              materialized
                  ? PostgresObjectStatements.materializedView(
                      name, rs.getString(5), rs.getString(6), query)
                  : PostgresObjectStatements.view(name, rs.getString(5), rs.getString(6), query));
          if (materialized) {
            ddl.addAll(indexes.getOrDefault(name, List.of()));
            objects.refresh(Identifiers.qualified(target, name));
          }
          ObjectsMade.comment(
              ddl,
              (materialized ? "MATERIALIZED VIEW " : "VIEW ") + Identifiers.quote(name),
              rs.getString(7));
          String key = "pg_class:" + oid;
          viewKeys.put(schema + '\0' + name, key);
          objects.made(key, kind, schema + "." + name, target, target + "." + name, ddl, false);
        }
      }
    }
  }

  /**
   * The triggers or the rules of the schema's tables and views ({@link
   * PostgresObjectQueries#TRIGGERS}, {@link PostgresObjectQueries#RULES}: oid, relation, name,
   * definition, enabled state, comment).
   *
   * @param keyword {@code TRIGGER} or {@code RULE}
   * @param catalog their catalog, for their keys ({@code pg_trigger}, {@code pg_rewrite})
   */
  private void attachedObjects(
      String query,
      String keyword,
      String catalog,
      String schema,
      String target,
      SchemaNameRewriter rewriter)
      throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(query)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          attached(
              keyword.toLowerCase(Locale.ROOT),
              keyword,
              catalog + ":" + rs.getLong(1),
              schema,
              target,
              rs.getString(2),
              rs.getString(3),
              rewriter.rewrite(rs.getString(4)).text(),
              rs.getString(5),
              rs.getString(6));
        }
      }
    }
  }

  /** A trigger or a rule of a table (or a view): made when its relation is made. */
  private void attached(
      String kind,
      String keyword,
      String key,
      String schema,
      String target,
      String relation,
      String name,
      String definition,
      String enabled,
      String comment) {
    String source = schema + "." + relation + "." + name;
    TableDef table = tables.get(schema + '\0' + relation);
    String viewKey = viewKeys.get(schema + '\0' + relation);
    if (table == null && viewKey == null) {
      objects.notMade(
          SchemaObject.notMade(
              kind, source, "its table " + schema + "." + relation + " is not migrated"));
      return;
    }
    if (table != null && !table.targetTable().equals(relation)) {
      objects.notMade(
          SchemaObject.notMade(
              kind,
              source,
              "its table is migrated as "
                  + table.targetTable()
                  + ": PostgreSQL's definition names "
                  + relation));
      return;
    }
    List<String> ddl = new ArrayList<>(List.of(definition));
    String state = PostgresObjectStatements.enabled(keyword, relation, name, enabled);
    if (state != null) {
      ddl.add(state);
    }
    ObjectsMade.comment(
        ddl,
        keyword + " " + Identifiers.quote(name) + " ON " + Identifiers.quote(relation),
        comment);
    if (table != null) {
      objects.madeOnTable(key, kind, source, table, target, name, ddl);
    } else {
      objects.made(key, kind, source, target, target + "." + relation + "." + name, ddl, false);
    }
    if (viewKey != null) {
      objects.needs(key, viewKey); // an INSTEAD OF trigger, a view's rule: after the view
    }
  }

  private void tableComments(String schema, String target) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(PostgresObjectQueries.TABLE_COMMENTS)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableDef table = tables.get(schema + '\0' + rs.getString(1));
          if (table == null) {
            continue;
          }
          String column = rs.getString(2);
          String on;
          String label = table.targetTable();
          String source = schema + "." + rs.getString(1);
          if (column == null) {
            on = "TABLE " + Identifiers.quote(table.targetTable());
          } else {
            ColumnDef def =
                table.columns().stream()
                    .filter(c -> c.name().equals(column))
                    .findFirst()
                    .orElse(null);
            if (def == null) {
              continue; // not migrated
            }
            on =
                "COLUMN "
                    + Identifiers.quote(table.targetTable())
                    + "."
                    + Identifiers.quote(def.targetName());
            source += "." + column;
            label += "." + def.targetName();
          }
          String home = table.targetSchema();
          String statement =
              PostgresObjectStatements.inSchema(
                  home, home, PostgresObjectStatements.comment(on, rs.getString(3)));
          objects.comment(
              SchemaObject.made("comment", source, home + "." + label, List.of(statement)));
        }
      }
    }
  }

  /** The dependencies between the objects read: each is made after what it needs. */
  private void dependencies() throws SQLException {
    List<Long> oids = new ArrayList<>();
    for (String key : objects.keys()) {
      oids.add(Long.parseLong(key.substring(key.indexOf(':') + 1)));
    }
    if (oids.isEmpty()) {
      return;
    }
    try (PreparedStatement st = connection.prepareStatement(PostgresObjectQueries.DEPENDENCIES)) {
      st.setArray(1, connection.createArrayOf("int8", oids.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String dependent = rs.getString(1) + ":" + rs.getLong(2);
          String needed = rs.getString(3) + ":" + rs.getLong(4);
          objects.needs(dependent, needed);
        }
      }
    }
  }
}
