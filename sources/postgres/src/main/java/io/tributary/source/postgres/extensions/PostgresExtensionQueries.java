package io.tributary.source.postgres.extensions;

/**
 * The catalog queries that find the extensions a PostgreSQL source's migrated objects need, and
 * those a target database has.
 */
final class PostgresExtensionQueries {
  private PostgresExtensionQueries() {}

  /**
   * What the migrated objects need of extensions ({@code pg_depend}: an object of theirs that an
   * extension's member is): extension, its schema on the source, the object that needs it and what
   * of the extension it uses, both as PostgreSQL describes them. The objects: the migrated tables
   * (their columns' types), their indexes (operator classes, functions of expressions), column
   * defaults, constraints (an exclusion constraint's operators), triggers and policies, and the
   * schemas' views, materialized views and routines that are not an extension's own (?: the
   * migrated tables' schemas and names, two arrays; the schemas, an array, three times), and
   * whether the need is a column's type.
   */
  static final String NEEDED =
      "WITH tables AS (SELECT c.oid FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) m(s, t)"
          + " ON m.s = n.nspname AND m.t = c.relname),"
          + " mine AS (SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, t.oid AS objid"
          + " FROM tables t"
          + " UNION ALL SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, i.indexrelid"
          + " FROM pg_catalog.pg_index i JOIN tables t ON t.oid = i.indrelid"
          + " UNION ALL SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, a.oid"
          + " FROM pg_catalog.pg_attrdef a JOIN tables t ON t.oid = a.adrelid"
          + " UNION ALL SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, k.oid"
          + " FROM pg_catalog.pg_constraint k JOIN tables t ON t.oid = k.conrelid"
          + " UNION ALL SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, g.oid"
          + " FROM pg_catalog.pg_trigger g JOIN tables t ON t.oid = g.tgrelid"
          + " UNION ALL SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass, p.oid"
          + " FROM pg_catalog.pg_policy p JOIN tables t ON t.oid = p.polrelid"
          + " UNION ALL SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid"
          + " FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY(?) AND c.relkind IN ('v', 'm')"
          + " UNION ALL SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, i.indexrelid"
          + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY(?) AND c.relkind = 'm'"
          + " UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid"
          + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " WHERE n.nspname = ANY(?))"
          + " SELECT DISTINCT x.extname, xn.nspname,"
          + " pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid),"
          + " pg_catalog.pg_describe_object(d.refclassid, d.refobjid, 0),"
          + " d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid <> 0"
          + " FROM mine m JOIN pg_catalog.pg_depend d ON d.classid = m.classid"
          + " AND d.objid = m.objid AND d.deptype IN ('n', 'a')"
          + " JOIN pg_catalog.pg_depend e ON e.classid = d.refclassid AND e.objid = d.refobjid"
          + " AND e.deptype = 'e'"
          + " JOIN pg_catalog.pg_extension x ON x.oid = e.refobjid"
          + " JOIN pg_catalog.pg_namespace xn ON xn.oid = x.extnamespace"
          + " WHERE x.extname <> 'plpgsql' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend own"
          + " WHERE own.classid = m.classid AND own.objid = m.objid AND own.deptype = 'e')"
          + " ORDER BY 1, 3, 4";

  /**
   * The extensions a target database can make, of those named: name, the version installed (null:
   * not installed), the schema it is installed in (?: the names, an array).
   */
  static final String AVAILABLE =
      "SELECT a.name, a.installed_version, n.nspname FROM pg_catalog.pg_available_extensions a"
          + " LEFT JOIN pg_catalog.pg_extension x ON x.extname = a.name"
          + " LEFT JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace"
          + " WHERE a.name = ANY(?)";
}
