package io.tributary.source.postgres.objects;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.intake.SchemaObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the privileges granted on a source schema's tables, views, sequences and routines for
 * {@link PostgresObjectReader} and grants them in the target, least privilege first:
 *
 * <ul>
 *   <li>what the object's owner holds is not granted: the target schema's owner role owns it;
 *   <li>a grant to another role is made to the role of the same name ({@link
 *       PostgresSecurityStatementBuilder#targetRole}), with {@code USAGE} on the target schema when
 *       that role could use the source schema (the target schema is closed to PUBLIC), each
 *       grantee's grants one object: a role missing on the target fails only its own, and finalize
 *       names it;
 *   <li>PUBLIC's {@code EXECUTE} taken from a routine is taken in the target too (the target, like
 *       any database, grants it by default), and given to the schema's apply role and the
 *       validator's, which run it where a constraint or a policy calls it; PUBLIC's rights on a
 *       table, view or sequence are not granted, and named: the target schema is closed to PUBLIC
 *       (each schema's isolation);
 *   <li>column privileges ({@code GRANT SELECT (a) ON t}) are granted on the target's columns the
 *       same way, one step per table and grantee; a column the target does not hold under its
 *       source name or a plan's is named in the step's note, not granted.
 * </ul>
 */
final class PostgresGrantReader {
  private final SourceObjects shared;

  PostgresGrantReader(SourceObjects shared) {
    this.shared = shared;
  }

  void read(String schema, String target) throws SQLException {
    try (PreparedStatement st =
        shared.connection().prepareStatement(PostgresSecurityQueries.GRANTS)) {
      st.setString(1, schema);
      st.setString(2, schema);
      st.setString(3, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          grant(rs, schema, target);
        }
      }
    }
  }

  /** The column privileges on the schema's migrated tables. */
  void readColumns(String schema) throws SQLException {
    Map<String, ColumnGrant> grants = new LinkedHashMap<>();
    try (PreparedStatement st =
        shared.connection().prepareStatement(PostgresSecurityQueries.COLUMN_GRANTS)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableDef table = shared.tables().get(schema + '\0' + rs.getString(1));
          if (table == null) {
            continue; // not migrated
          }
          String grantee =
              PostgresSecurityStatementBuilder.targetRole(
                  rs.getString(4), rs.getString(3), table.targetSchema());
          if (grantee.equals(table.targetSchema())) {
            continue; // the target schema's owner role: it owns the table
          }
          boolean usage = rs.getBoolean(7);
          grants
              .computeIfAbsent(
                  rs.getString(1) + '\0' + grantee, k -> new ColumnGrant(table, grantee, usage))
              .add(rs.getString(2), rs.getString(5), rs.getBoolean(6));
        }
      }
    }
    for (ColumnGrant grant : grants.values()) {
      grant.register(schema);
    }
  }

  /** One grantee's privileges on the columns of one table. */
  private final class ColumnGrant {
    private final TableDef table;
    private final String grantee;
    private final boolean usage;
    private final Map<String, List<String>> plain = new LinkedHashMap<>();
    private final Map<String, List<String>> grantable = new LinkedHashMap<>();
    private final Set<String> missing = new LinkedHashSet<>();

    ColumnGrant(TableDef table, String grantee, boolean usage) {
      this.table = table;
      this.grantee = grantee;
      this.usage = usage;
    }

    void add(String column, String privilege, boolean withGrantOption) {
      String target =
          table.columns().stream()
              .filter(c -> c.name().equals(column))
              .map(c -> c.targetName())
              .findFirst()
              .orElse(null);
      if (target == null) {
        missing.add(column);
        return;
      }
      (withGrantOption ? grantable : plain)
          .computeIfAbsent(privilege, k -> new ArrayList<>())
          .add(target);
    }

    void register(String schema) {
      String home = table.targetSchema();
      String columns = " (columns) to " + (grantee.isEmpty() ? "PUBLIC" : grantee);
      String source = schema + "." + table.sourceTable() + columns;
      if (grantee.isEmpty()) {
        shared
            .objects()
            .grantNotMade(
                SchemaObject.notMade(
                    "grant",
                    source,
                    "the target schema is closed to PUBLIC (each schema's isolation): grant "
                        + String.join(", ", union().keySet())
                        + " on its columns to the roles that need it"));
        return;
      }
      if (plain.isEmpty() && grantable.isEmpty()) {
        shared
            .objects()
            .grantNotMade(
                SchemaObject.notMade(
                    "grant", source, "its columns " + missing + " are not migrated as such"));
        return;
      }
      shared.objects().role(grantee);
      String object = Identifiers.quote(table.targetTable());
      List<String> ddl = new ArrayList<>();
      if (usage) {
        ddl.add(PostgresSecurityStatementBuilder.schemaUsage(home, grantee));
      }
      if (!plain.isEmpty()) {
        ddl.add(PostgresSecurityStatementBuilder.grantColumns(object, plain, grantee, false));
      }
      if (!grantable.isEmpty()) {
        ddl.add(PostgresSecurityStatementBuilder.grantColumns(object, grantable, grantee, true));
      }
      shared
          .objects()
          .grant(
              new ObjectsMade.Made(
                  "grant", source, home, home + "." + table.targetTable() + columns, ddl),
              "role "
                  + grantee
                  + " must exist on the target (finalize reports it otherwise)"
                  + (missing.isEmpty()
                      ? ""
                      : "; not granted on columns not migrated as such: " + missing));
    }

    private Map<String, List<String>> union() {
      Map<String, List<String>> all = new LinkedHashMap<>(plain);
      grantable.forEach((k, v) -> all.merge(k, v, (a, b) -> a));
      return all;
    }
  }

  private void grant(ResultSet rs, String schema, String target) throws SQLException {
    String catalog = rs.getString(1);
    String objectKey = catalog + ":" + rs.getLong(2);
    String keyword = rs.getString(3);
    String name = rs.getString(4);
    String arguments = rs.getString(5);
    String object;
    String targetName;
    String home = target; // the schema the object is in: its table's, which the plan may move
    TableDef table = shared.tables().get(schema + '\0' + name);
    if (catalog.equals("pg_class") && table != null) {
      home = table.targetSchema();
      object = Identifiers.quote(table.targetTable());
      targetName = home + "." + table.targetTable();
    } else if (catalog.equals("pg_class") && keyword.equals("SEQUENCE")
        || shared.objects().keys().contains(objectKey)) {
      object = Identifiers.quote(name) + (arguments == null ? "" : "(" + arguments + ")");
      targetName = target + "." + name + (arguments == null ? "" : "(" + arguments + ")");
    } else {
      return; // not migrated, or not made: nothing to grant on
    }
    String grantee =
        PostgresSecurityStatementBuilder.targetRole(rs.getString(7), rs.getString(6), home);
    if (grantee.equals(home)) {
      return; // the target schema's owner role: it owns the object
    }
    List<String> privileges = Arrays.asList((String[]) rs.getArray(8).getArray());
    List<String> grantable = Arrays.asList((String[]) rs.getArray(9).getArray());
    String source =
        schema
            + "."
            + name
            + (arguments == null ? "" : "(" + arguments + ")")
            + " to "
            + (grantee.isEmpty() ? "PUBLIC" : grantee);
    List<String> ddl = new ArrayList<>();
    if (grantee.isEmpty()) {
      if (catalog.equals("pg_class")) {
        shared
            .objects()
            .grantNotMade(
                SchemaObject.notMade(
                    "grant",
                    source,
                    "the target schema is closed to PUBLIC (each schema's isolation): grant "
                        + String.join(", ", privileges)
                        + " to the roles that need it"));
        return;
      }
      if (!privileges.isEmpty()) {
        return; // PUBLIC may execute it, as the target's default lets it
      }
      ddl.add(PostgresSecurityStatementBuilder.revokePublicExecute(keyword, object, home));
    } else {
      shared.objects().role(grantee);
      if (rs.getBoolean(10)) {
        ddl.add(PostgresSecurityStatementBuilder.schemaUsage(home, grantee));
      }
      List<String> plain = privileges.stream().filter(p -> !grantable.contains(p)).toList();
      if (!plain.isEmpty()) {
        ddl.add(PostgresSecurityStatementBuilder.grant(keyword, object, plain, grantee, false));
      }
      if (!grantable.isEmpty()) {
        ddl.add(PostgresSecurityStatementBuilder.grant(keyword, object, grantable, grantee, true));
      }
    }
    shared
        .objects()
        .grant(
            new ObjectsMade.Made(
                "grant",
                source,
                home,
                targetName + " to " + (grantee.isEmpty() ? "PUBLIC" : grantee),
                ddl),
            grantee.isEmpty()
                ? null
                : "role " + grantee + " must exist on the target (finalize reports it otherwise)");
  }
}
