package io.tributary.source.postgres.objects;

/**
 * The catalog queries that read a source schema's objects other than its tables, each with the
 * schema alone on the search path so that PostgreSQL's definitions leave its names unqualified (?:
 * the schema's name). Objects that belong to an extension are left out: the extension makes them.
 */
final class PostgresObjectQueries {
  private PostgresObjectQueries() {}

  private static final String NOT_OF_AN_EXTENSION =
      " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = %s::pg_catalog.regclass"
          + " AND e.objid = %s AND e.deptype = 'e')";

  /** Functions and procedures: oid, name, kind, language, definition, the name it is written as. */
  static final String FUNCTIONS =
      "SELECT p.oid, p.proname, p.prokind, l.lanname,"
          + " CASE WHEN p.prokind IN ('f', 'p') AND l.lanname NOT IN ('c', 'internal')"
          + " THEN pg_catalog.pg_get_functiondef(p.oid) END,"
          + " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname),"
          + " pg_catalog.pg_get_function_identity_arguments(p.oid),"
          + " pg_catalog.obj_description(p.oid, 'pg_proc')"
          + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " JOIN pg_catalog.pg_language l ON l.oid = p.prolang"
          + " WHERE n.nspname = ? AND p.prokind <> 'a'"
          + NOT_OF_AN_EXTENSION.formatted("'pg_proc'", "p.oid")
          + " ORDER BY p.proname, p.oid";

  /** Aggregates, with their parts. */
  static final String AGGREGATES =
      "SELECT p.oid, p.proname, a.aggkind, pg_catalog.pg_get_function_arguments(p.oid),"
          + " pg_catalog.pg_get_function_identity_arguments(p.oid),"
          + " a.aggtransfn::pg_catalog.regproc::text,"
          + " pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace,"
          + " NULLIF(a.aggfinalfn, 0)::pg_catalog.regproc::text, a.aggfinalextra,"
          + " NULLIF(a.aggcombinefn, 0)::pg_catalog.regproc::text,"
          + " NULLIF(a.aggserialfn, 0)::pg_catalog.regproc::text,"
          + " NULLIF(a.aggdeserialfn, 0)::pg_catalog.regproc::text, a.agginitval,"
          + " NULLIF(a.aggmtransfn, 0)::pg_catalog.regproc::text,"
          + " NULLIF(a.aggminvtransfn, 0)::pg_catalog.regproc::text,"
          + " CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END,"
          + " a.aggmtransspace, NULLIF(a.aggmfinalfn, 0)::pg_catalog.regproc::text,"
          + " a.aggmfinalextra, a.aggminitval,"
          + " NULLIF(a.aggsortop, 0)::pg_catalog.regoperator::text, p.proparallel,"
          + " pg_catalog.obj_description(p.oid, 'pg_proc')"
          + " FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " WHERE n.nspname = ?"
          + NOT_OF_AN_EXTENSION.formatted("'pg_proc'", "p.oid")
          + " ORDER BY p.proname, p.oid";

  /** Views and materialized views: oid, name, kind, query, column list, options, comment. */
  static final String VIEWS =
      "SELECT c.oid, c.relname, c.relkind, pg_catalog.pg_get_viewdef(c.oid),"
          + " (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', '"
          + " ORDER BY a.attnum) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid"
          + " AND a.attnum > 0 AND NOT a.attisdropped),"
          + " pg_catalog.array_to_string(c.reloptions, ', '),"
          + " pg_catalog.obj_description(c.oid, 'pg_class')"
          + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relkind IN ('v', 'm')"
          + NOT_OF_AN_EXTENSION.formatted("'pg_class'", "c.oid")
          + " ORDER BY c.relname";

  /** The indexes of the schema's materialized views: oid, view, definition. */
  static final String VIEW_INDEXES =
      "SELECT i.indexrelid, c.relname, pg_catalog.pg_get_indexdef(i.indexrelid)"
          + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relkind = 'm' ORDER BY c.relname, i.indexrelid";

  /** The triggers of the schema's tables the application made: oid, table, name, definition. */
  static final String TRIGGERS =
      "SELECT t.oid, c.relname, t.tgname, pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled,"
          + " pg_catalog.obj_description(t.oid, 'pg_trigger')"
          + " FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND NOT t.tgisinternal AND c.relkind IN ('r', 'p', 'v', 'm')"
          + " ORDER BY c.relname, t.tgname";

  /** The rules of the schema's tables and views (not a view's own query): oid, table, name. */
  static final String RULES =
      "SELECT r.oid, c.relname, r.rulename, pg_catalog.pg_get_ruledef(r.oid), r.ev_enabled,"
          + " pg_catalog.obj_description(r.oid, 'pg_rewrite')"
          + " FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND r.rulename <> '_RETURN' ORDER BY c.relname, r.rulename";

  /**
   * The CHECK and exclusion constraints of the schema's tables (not a domain's): oid, table, name,
   * definition, comment, whether the table defines it itself (not only inherits it).
   */
  static final String CONSTRAINTS =
      "SELECT c.oid, t.relname, c.conname, pg_catalog.pg_get_constraintdef(c.oid),"
          + " pg_catalog.obj_description(c.oid, 'pg_constraint'), c.conislocal"
          + " FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class t ON t.oid = c.conrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace"
          + " WHERE n.nspname = ? AND c.contype IN ('c', 'x') AND t.relkind IN ('r', 'p')"
          + " ORDER BY t.relname, c.conname";

  /** The comments on the schema's tables and their columns: table, column (null), text. */
  static final String TABLE_COMMENTS =
      "SELECT c.relname, a.attname, d.description FROM pg_catalog.pg_description d"
          + " JOIN pg_catalog.pg_class c ON c.oid = d.objoid"
          + " AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid"
          + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND (d.objsubid = 0 OR a.attnum IS"
          + " NOT NULL) ORDER BY c.relname, d.objsubid";

  /**
   * What the objects depend on ({@code pg_depend}, normal dependencies): the object (class, oid)
   * and what it needs (class, oid); a view's or a rule's query depends through its rewrite rule,
   * given as the relation it belongs to (?: the objects' oids).
   */
  static final String DEPENDENCIES =
      "SELECT CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass"
          + " AND r.rulename = '_RETURN' THEN 'pg_class' ELSE d.classid::pg_catalog.regclass::text"
          + " END, CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass"
          + " AND r.rulename = '_RETURN' THEN r.ev_class ELSE d.objid END,"
          + " d.refclassid::pg_catalog.regclass::text, d.refobjid"
          + " FROM pg_catalog.pg_depend d LEFT JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid"
          + " AND d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass"
          + " WHERE d.deptype = 'n' AND d.refobjid::pg_catalog.int8 = ANY(?) AND d.objid <> d.refobjid";
}
