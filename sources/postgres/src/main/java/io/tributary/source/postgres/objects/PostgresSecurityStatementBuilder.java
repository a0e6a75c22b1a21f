package io.tributary.source.postgres.objects;

import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The statements that carry a source table's row-level security and a source object's privileges to
 * the target schema (each run as the schema's owner role, with the schema on the search path:
 * {@link PostgresObjectStatements#inSchema}). Builds strings only.
 *
 * <p>Row-level security on a target table must hide no row from Tributary, which writes the table
 * as the schema's apply role (not its owner, so subject to the policies), reads it as the
 * validator's role, and acts as the owner at finalize (subject to them when the table forces row
 * security): neither role may be given {@code BYPASSRLS} (only a superuser can). So a table that
 * enables row security also gets a permissive policy, {@link #REPLICATION_POLICY}, that lets every
 * row through for a session Tributary opened ({@link #tributarySession}: its login is a member of
 * the schema's apply role, which only Tributary's role and superusers are), and each restrictive
 * policy lets such a session through as well. The application's sessions, which log in as their own
 * roles, meet the source's policies unchanged.
 */
final class PostgresSecurityStatementBuilder {
  /** The permissive policy that lets Tributary's sessions read and write every row. */
  static final String REPLICATION_POLICY = "tributary_replication";

  private PostgresSecurityStatementBuilder() {}

  /**
   * Whether the session is Tributary's: its login (not the role it acts as) is a member of {@code
   * schema}'s apply role. A sub-select, so that it is evaluated once per query, not per row.
   */
  static String tributarySession(String schema) {
    return "(SELECT pg_catalog.pg_has_role(session_user, "
        + Identifiers.literal(SchemaRoleDdlBuilder.applyRole(schema))
        + ", 'MEMBER'))";
  }

  /**
   * {@code ALTER TABLE t ENABLE ROW LEVEL SECURITY} (and {@code FORCE} when the source forces it),
   * with {@link #REPLICATION_POLICY}.
   */
  static List<String> enable(String schema, String table, boolean force) {
    String quoted = Identifiers.quote(table);
    String tributary = tributarySession(schema);
    List<String> ddl =
        new ArrayList<>(
            List.of(
                "ALTER TABLE " + quoted + " ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY "
                    + Identifiers.quote(REPLICATION_POLICY)
                    + " ON "
                    + quoted
                    + " AS PERMISSIVE FOR ALL TO PUBLIC USING ("
                    + tributary
                    + ") WITH CHECK ("
                    + tributary
                    + ")"));
    if (force) {
      ddl.add("ALTER TABLE " + quoted + " FORCE ROW LEVEL SECURITY");
    }
    return ddl;
  }

  /** A policy as the source declares it. */
  record Policy(
      String name,
      String table,
      boolean permissive,
      String command,
      List<String> roles, // in the target's names, '' for PUBLIC
      String using,
      String check) {}

  /**
   * {@code CREATE POLICY}: a restrictive one lets Tributary's sessions through ({@link
   * #tributarySession}).
   */
  static String policy(String schema, Policy p) {
    String command =
        switch (p.command()) {
          case "r" -> "SELECT";
          case "a" -> "INSERT";
          case "w" -> "UPDATE";
          case "d" -> "DELETE";
          default -> "ALL";
        };
    return "CREATE POLICY "
        + Identifiers.quote(p.name())
        + " ON "
        + Identifiers.quote(p.table())
        + (p.permissive() ? " AS PERMISSIVE" : " AS RESTRICTIVE")
        + " FOR "
        + command
        + " TO "
        + String.join(", ", p.roles().stream().map(PostgresSecurityStatementBuilder::role).toList())
        + condition(" USING ", schema, p.permissive(), p.using())
        + condition(" WITH CHECK ", schema, p.permissive(), p.check());
  }

  private static String condition(
      String clause, String schema, boolean permissive, String expression) {
    if (expression == null) {
      return "";
    }
    return clause
        + (permissive
            ? "(" + expression + ")"
            : "(" + tributarySession(schema) + " OR (" + expression + "))");
  }

  /** {@code GRANT privileges ON keyword object TO role [WITH GRANT OPTION]}. */
  static String grant(
      String keyword, String object, List<String> privileges, String role, boolean grantable) {
    return "GRANT "
        + String.join(", ", privileges)
        + " ON "
        + keyword
        + " "
        + object
        + " TO "
        + role(role)
        + (grantable ? " WITH GRANT OPTION" : "");
  }

  /**
   * {@code GRANT SELECT ("a", "b"), UPDATE ("b") ON TABLE t TO role [WITH GRANT OPTION]}: column
   * privileges, each privilege with its columns (target names, in the order given).
   */
  static String grantColumns(
      String table, Map<String, List<String>> columnsByPrivilege, String role, boolean grantable) {
    return "GRANT "
        + columnsByPrivilege.entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + " ("
                        + String.join(", ", e.getValue().stream().map(Identifiers::quote).toList())
                        + ")")
            .collect(Collectors.joining(", "))
        + " ON TABLE "
        + table
        + " TO "
        + role(role)
        + (grantable ? " WITH GRANT OPTION" : "");
  }

  /**
   * {@code REVOKE EXECUTE ON FUNCTION f(args) FROM PUBLIC}, as the source took it away, and {@code
   * GRANT EXECUTE} to {@code schema}'s apply role and the validator's: a CHECK constraint or a
   * policy that calls the routine runs it as the role that writes or reads the row, and on the
   * source PUBLIC could.
   */
  static String revokePublicExecute(String keyword, String routine, String schema) {
    return "REVOKE EXECUTE ON "
        + keyword
        + " "
        + routine
        + " FROM PUBLIC; GRANT EXECUTE ON "
        + keyword
        + " "
        + routine
        + " TO "
        + Identifiers.quote(SchemaRoleDdlBuilder.applyRole(schema))
        + ", "
        + Identifiers.quote(SchemaRoleDdlBuilder.VALIDATOR);
  }

  /** {@code GRANT USAGE ON SCHEMA schema TO role}: a grantee reaches the schema's objects. */
  static String schemaUsage(String schema, String role) {
    return "GRANT USAGE ON SCHEMA " + Identifiers.quote(schema) + " TO " + role(role);
  }

  /** A role as a statement names it: '' is {@code PUBLIC}. */
  private static String role(String role) {
    return role.isEmpty() ? "PUBLIC" : Identifiers.quote(role);
  }

  /**
   * The target role a source role a policy or a grant names maps to: PUBLIC ('') stays PUBLIC; the
   * object's owner becomes the target schema's owner role (the application's role there, which owns
   * what the schema holds); any other role keeps its name, and must exist on the target.
   */
  static String targetRole(String role, String owner, String schema) {
    return role.equals(owner) ? schema : role;
  }
}
