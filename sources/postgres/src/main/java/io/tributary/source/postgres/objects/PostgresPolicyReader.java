package io.tributary.source.postgres.objects;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.intake.SchemaObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a source schema's row-level security for {@link PostgresObjectReader} (the schema alone on
 * the search path): each migrated table that enables it enables it in the target too, and each
 * policy of a migrated table is made there, after the functions it calls, for the roles it names
 * mapped to the target's ({@link PostgresSecurityStatementBuilder#targetRole}); Tributary's own
 * sessions still see and write every row ({@link PostgresSecurityStatementBuilder}).
 */
final class PostgresPolicyReader {
  private final SourceObjects shared;

  PostgresPolicyReader(SourceObjects shared) {
    this.shared = shared;
  }

  void read(String schema, String target, SchemaNameRewriter rewriter) throws SQLException {
    try (PreparedStatement st =
        shared.connection().prepareStatement(PostgresSecurityQueries.SECURED_TABLES)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          TableDef table = shared.tables().get(schema + '\0' + rs.getString(2));
          if (table != null) {
            shared
                .objects()
                .made(
                    "row_security:" + rs.getLong(1),
                    "row security",
                    schema + "." + rs.getString(2),
                    table.targetSchema(),
                    table.targetSchema() + "." + table.targetTable(),
                    PostgresSecurityStatementBuilder.enable(
                        table.targetSchema(), table.targetTable(), rs.getBoolean(3)),
                    false);
          }
        }
      }
    }
    try (PreparedStatement st =
        shared.connection().prepareStatement(PostgresSecurityQueries.POLICIES)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          policy(rs, schema, target, rewriter);
        }
      }
    }
  }

  private void policy(ResultSet rs, String schema, String target, SchemaNameRewriter rewriter)
      throws SQLException {
    String relation = rs.getString(2);
    String name = rs.getString(3);
    TableDef table = shared.tables().get(schema + '\0' + relation);
    if (table == null) {
      return; // its table is not migrated: nothing to guard
    }
    String source = schema + "." + relation + "." + name;
    if (PostgresObjectReader.renamesColumns(table)) {
      shared
          .objects()
          .notMade(
              SchemaObject.notMade(
                  "policy",
                  source,
                  "its table's columns are migrated under other names: PostgreSQL's definition names"
                      + " the source's (make it by hand)"));
      return;
    }
    String owner = rs.getString(9);
    String home = table.targetSchema(); // the schema the plan put its table in
    List<String> roles = new ArrayList<>();
    for (String role : (String[]) rs.getArray(6).getArray()) {
      roles.add(PostgresSecurityStatementBuilder.targetRole(role, owner, home));
    }
    String using = rs.getString(7);
    String check = rs.getString(8);
    List<String> ddl = new ArrayList<>();
    ddl.add(
        PostgresSecurityStatementBuilder.policy(
            home,
            new PostgresSecurityStatementBuilder.Policy(
                name,
                table.targetTable(),
                rs.getBoolean(4),
                rs.getString(5),
                roles,
                using == null ? null : rewriter.rewrite(using).text(),
                check == null ? null : rewriter.rewrite(check).text())));
    ObjectsMade.comment(
        ddl,
        "POLICY " + Identifiers.quote(name) + " ON " + Identifiers.quote(table.targetTable()),
        rs.getString(10));
    List<String> named = roles.stream().filter(r -> !r.isEmpty() && !r.equals(home)).toList();
    named.forEach(shared.objects()::role);
    shared
        .objects()
        .made(
            "pg_policy:" + rs.getLong(1),
            new ObjectsMade.Made(
                "policy", source, home, target, home + "." + table.targetTable() + "." + name, ddl),
            named.isEmpty()
                ? null
                : "it applies to role(s) "
                    + String.join(", ", named)
                    + ", which must exist on the target (finalize reports it otherwise)");
  }
}
