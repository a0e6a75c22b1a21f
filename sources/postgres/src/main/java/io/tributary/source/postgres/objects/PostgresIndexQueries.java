package io.tributary.source.postgres.objects;

import io.tributary.source.postgres.catalog.PostgresConstraintReader;

/**
 * The catalog query for the source indexes that keep their full definition: those of a schema's
 * tables that are not plain btrees on plain columns ({@link PostgresConstraintReader#PLAIN}, which
 * finalize builds from their columns), and every index a partition has of its own (not one of its
 * partitioned table's, which that table's index makes on it); not the primary key and not one
 * backing an exclusion constraint (made with its constraint).
 */
final class PostgresIndexQueries {
  private PostgresIndexQueries() {}

  /**
   * Oid, table, name, its quoted name, its table qualified and quoted (as {@code pg_get_indexdef}
   * writes them), unique, definition, whether it has expressions or a predicate, the name of each
   * column in order ('' for an expression), the columns its expressions and predicate read (?: the
   * schema).
   */
  static final String INDEXES =
      "SELECT i.indexrelid, c.relname, ic.relname, pg_catalog.quote_ident(ic.relname),"
          + " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
          + " i.indisunique, pg_catalog.pg_get_indexdef(i.indexrelid),"
          + " i.indexprs IS NOT NULL OR i.indpred IS NOT NULL,"
          + " ARRAY(SELECT coalesce(a.attname::text, '') FROM pg_catalog.unnest("
          + "i.indkey::pg_catalog.int2[]) WITH ORDINALITY k(attnum, ord)"
          + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
          + " ORDER BY k.ord),"
          + " ARRAY(SELECT DISTINCT a.attname::text FROM pg_catalog.pg_depend d"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
          + " WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
          + " AND d.objid = i.indexrelid AND d.refobjid = c.oid AND d.refobjsubid > 0)"
          + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
          + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT i.indisprimary"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k"
          + " WHERE k.conindid = i.indexrelid AND k.conrelid = c.oid AND k.contype IN ('p', 'x'))"
          + " AND (c.relispartition OR NOT "
          + PostgresConstraintReader.PLAIN
          + ") AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits x"
          + " WHERE x.inhrelid = i.indexrelid)"
          + " ORDER BY c.relname, ic.relname";
}
