package io.tributary.source.postgres.objects;

/**
 * The catalog queries for a source schema's row-level security and privileges, each read with the
 * schema alone on the search path (?: the schema's name). Objects that belong to an extension are
 * left out: the extension makes them.
 */
final class PostgresSecurityQueries {
  private PostgresSecurityQueries() {}

  /** The tables with row-level security enabled: oid, name, whether it is forced on the owner. */
  static final String SECURED_TABLES =
      "SELECT c.oid, c.relname, c.relforcerowsecurity FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relrowsecurity AND c.relkind IN ('r', 'p')"
          + " ORDER BY c.relname";

  /**
   * The policies of the schema's tables: oid, table, name, permissive, command ({@code *}, {@code
   * r}, {@code a}, {@code w}, {@code d}), the roles it applies to ('' for PUBLIC), its USING and
   * WITH CHECK expressions, the table's owner, its comment.
   */
  static final String POLICIES =
      "SELECT p.oid, c.relname, p.polname, p.polpermissive, p.polcmd::text,"
          + " ARRAY(SELECT CASE WHEN r = 0 THEN '' ELSE pg_catalog.pg_get_userbyid(r)::text END"
          + " FROM pg_catalog.unnest(p.polroles) r),"
          + " pg_catalog.pg_get_expr(p.polqual, p.polrelid),"
          + " pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid),"
          + " pg_catalog.pg_get_userbyid(c.relowner),"
          + " pg_catalog.obj_description(p.oid, 'pg_policy')"
          + " FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? ORDER BY c.relname, p.polname";

  /**
   * The privileges granted on the schema's tables, views, sequences and routines (their ACL as set;
   * one left at its default grants nothing the target's default does not): catalog, oid, object
   * keyword ({@code TABLE}, {@code SEQUENCE}, {@code FUNCTION}, {@code PROCEDURE}), name, identity
   * arguments (routines), owner, grantee ('' for PUBLIC; never the owner, nor the user the source
   * is read as, whose rights are the migration's), the privileges granted it (with grant option
   * last), whether the grantee may use the schema; for a routine whose ACL no longer grants PUBLIC
   * {@code EXECUTE}, a row for PUBLIC with no privileges.
   */
  static final String GRANTS =
      "WITH acl AS (SELECT 'pg_class' AS catalog, c.oid, CASE c.relkind WHEN 'S' THEN 'SEQUENCE'"
          + " ELSE 'TABLE' END AS keyword, c.relname AS name, NULL::text AS arguments,"
          + " c.relowner AS owner, c.relacl AS acl FROM pg_catalog.pg_class c"
          + " WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?)"
          + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid ="
          + " 'pg_catalog.pg_class'::pg_catalog.regclass AND e.objid = c.oid AND e.deptype = 'e')"
          + " UNION ALL SELECT 'pg_proc', p.oid, CASE p.prokind WHEN 'p' THEN 'PROCEDURE'"
          + " ELSE 'FUNCTION' END, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid),"
          + " p.proowner, p.proacl FROM pg_catalog.pg_proc p"
          + " WHERE p.pronamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?)"
          + " AND p.proacl IS NOT NULL"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid ="
          + " 'pg_catalog.pg_proc'::pg_catalog.regclass AND e.objid = p.oid AND e.deptype = 'e')),"
          + " granted AS (SELECT acl.catalog, acl.oid, acl.keyword, acl.name, acl.arguments,"
          + " acl.owner, x.grantee, x.privilege_type, x.is_grantable"
          + " FROM acl, pg_catalog.aclexplode(acl.acl) x WHERE x.grantee <> acl.owner"
          + " AND x.grantee <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)"
          + " UNION ALL SELECT acl.catalog, acl.oid, acl.keyword, acl.name, acl.arguments,"
          + " acl.owner, 0, NULL, false FROM acl WHERE acl.catalog = 'pg_proc' AND NOT EXISTS"
          + " (SELECT 1 FROM pg_catalog.aclexplode(acl.acl) x WHERE x.grantee = 0))"
          + " SELECT g.catalog, g.oid, g.keyword, g.name, g.arguments,"
          + " pg_catalog.pg_get_userbyid(g.owner)::text,"
          + " CASE WHEN g.grantee = 0 THEN '' ELSE pg_catalog.pg_get_userbyid(g.grantee)::text END,"
          + " ARRAY(SELECT h.privilege_type FROM granted h WHERE h.oid = g.oid AND h.catalog ="
          + " g.catalog AND h.grantee = g.grantee AND h.privilege_type IS NOT NULL"
          + " ORDER BY h.is_grantable, h.privilege_type),"
          + " ARRAY(SELECT h.privilege_type FROM granted h WHERE h.oid = g.oid AND h.catalog ="
          + " g.catalog AND h.grantee = g.grantee AND h.is_grantable ORDER BY h.privilege_type),"
          + " g.grantee = 0 OR pg_catalog.has_schema_privilege(g.grantee,"
          + " (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?), 'USAGE')"
          + " FROM (SELECT DISTINCT catalog, oid, keyword, name, arguments, owner, grantee"
          + " FROM granted) g ORDER BY g.catalog, g.name, g.oid, 7";

  /**
   * The privileges granted on the columns of the schema's tables ({@code GRANT SELECT (a) ON t}),
   * one row per column, grantee and privilege: table, column, owner, grantee ('' for PUBLIC; never
   * the owner, nor the user the source is read as), privilege, whether with grant option, whether
   * the grantee may use the schema. Ordered by table and grantee.
   */
  static final String COLUMN_GRANTS =
      "SELECT c.relname, a.attname, pg_catalog.pg_get_userbyid(c.relowner)::text,"
          + " CASE WHEN x.grantee = 0 THEN '' ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END,"
          + " x.privilege_type, x.is_grantable,"
          + " x.grantee = 0 OR pg_catalog.has_schema_privilege(x.grantee, c.relnamespace, 'USAGE')"
          + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
          + " CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) x"
          + " WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?)"
          + " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
          + " AND a.attacl IS NOT NULL AND x.grantee <> c.relowner"
          + " AND x.grantee <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)"
          + " ORDER BY c.relname, 4, a.attnum, x.privilege_type";

  /**
   * The schema's tables whose rows row-level security hides from the connected user (it enables it,
   * and the user is not a superuser, has not {@code BYPASSRLS}, and does not own the table or the
   * table forces it on its owner): name (?: the schemas, an array).
   */
  static final String HIDDEN_ROWS =
      "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY(?) AND c.relrowsecurity AND c.relkind IN ('r', 'p')"
          + " AND NOT (SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r"
          + " WHERE r.rolname = current_user)"
          + " AND (c.relforcerowsecurity OR NOT pg_catalog.pg_has_role(c.relowner, 'USAGE'))"
          + " ORDER BY 1";

  /** Of the roles named (?: an array), those the database's cluster does not have. */
  static final String MISSING_ROLES =
      "SELECT r FROM pg_catalog.unnest(?::text[]) r WHERE NOT EXISTS"
          + " (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) ORDER BY r";
}
