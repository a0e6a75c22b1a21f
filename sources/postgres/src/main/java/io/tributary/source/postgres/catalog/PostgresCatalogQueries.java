package io.tributary.source.postgres.catalog;

/**
 * The catalog queries {@link PostgresCatalogReader} runs on a PostgreSQL source: the migrated
 * schemas' columns (with their defaults' dependencies), primary keys and partitions, and a type, a
 * sequence and an enum's labels by oid. SQL text only.
 */
final class PostgresCatalogQueries {
  /** The columns of the ordinary and partitioned tables of the schemas ({@code ?}), in order. */
  static final String COLUMNS =
      """
      SELECT n.nspname, c.relname, a.attname, a.attnotnull, a.attidentity, a.attgenerated,
             a.atttypid, a.atttypmod, format_type(a.atttypid, a.atttypmod) AS source_type,
             pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) IS NOT NULL
               AS owns_sequence,
             c.relkind,
             CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END
               AS default_sql,
             EXISTS (SELECT 1 FROM pg_depend p
                      WHERE p.classid = 'pg_attrdef'::regclass AND p.objid = d.oid
                        AND p.refclassid = 'pg_class'::regclass AND p.refobjid <> d.adrelid)
               AS default_uses_relation,
             (SELECT s.oid::bigint FROM pg_depend p
                JOIN pg_class s ON s.oid = p.refobjid AND s.relkind = 'S'
               WHERE p.classid = 'pg_attrdef'::regclass AND p.objid = d.oid
                 AND p.refclassid = 'pg_class'::regclass
                 AND NOT EXISTS (SELECT 1 FROM pg_depend o
                                  WHERE o.classid = 'pg_class'::regclass AND o.objid = s.oid
                                    AND o.deptype IN ('a', 'i'))
                 AND (SELECT count(*) FROM pg_depend q
                       WHERE q.classid = 'pg_attrdef'::regclass AND q.objid = d.oid
                         AND q.refclassid = 'pg_class'::regclass
                         AND q.refobjid <> d.adrelid) = 1) AS default_sequence,
             ARRAY(SELECT p.refobjid::bigint FROM pg_depend p
                    WHERE p.classid = 'pg_attrdef'::regclass AND p.objid = d.oid
                      AND p.refclassid = 'pg_type'::regclass) AS default_types,
             ARRAY(SELECT p.refobjid::regprocedure::text FROM pg_depend p
                    WHERE p.classid = 'pg_attrdef'::regclass AND p.objid = d.oid
                      AND p.refclassid = 'pg_proc'::regclass) AS default_functions,
             CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END
               AS generated_sql,
             EXISTS (SELECT 1 FROM pg_depend p
                      WHERE p.classid = 'pg_attrdef'::regclass AND p.objid = d.oid
                        AND p.refclassid = 'pg_proc'::regclass AND p.refobjid >= 16384)
               AS calls_user_functions
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype = 'e')
       ORDER BY n.nspname, c.relname, a.attnum""";

  /** The primary key columns of the schemas' tables, with their position in the key. */
  static final String PRIMARY_KEYS =
      """
      SELECT n.nspname, c.relname, a.attname, k.ord
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE i.indisprimary AND n.nspname = ANY (?)""";

  /**
   * The partition trees of the schemas' partitioned tables (their rows are read through the
   * partitioned table), each relation after its parent: the partitioned table's schema and name,
   * the relation's name, its parent's (null for the partitioned table), its kind, its partition key
   * ({@code pg_get_partkeydef}, null unless partitioned), its bound (null for the partitioned
   * table), the key's column names, and whether the key has an expression.
   */
  static final String PARTITION_TREES =
      """
      WITH RECURSIVE tree AS (
        SELECT c.oid AS root, c.oid, 0 AS depth, NULL::oid AS parent
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY (?) AND c.relkind = 'p' AND NOT c.relispartition
        UNION ALL
        SELECT t.root, i.inhrelid, t.depth + 1, t.oid
          FROM tree t JOIN pg_inherits i ON i.inhparent = t.oid)
      SELECT rn.nspname, r.relname, c.relname, p.relname, c.relkind::text,
             CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
             CASE WHEN t.depth > 0 THEN pg_get_expr(c.relpartbound, c.oid) END,
             (SELECT array_agg(a.attname::text ORDER BY k.n)
                FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum),
             coalesce(0 = ANY (pt.partattrs::int2[]), false)
        FROM tree t
        JOIN pg_class r ON r.oid = t.root
        JOIN pg_namespace rn ON rn.oid = r.relnamespace
        JOIN pg_class c ON c.oid = t.oid
        LEFT JOIN pg_class p ON p.oid = t.parent
        LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
       ORDER BY 1, 2, t.depth, 3""";

  /**
   * The schemas' ordinary tables that inherit from others ({@code INHERITS}, not partitions): the
   * table's schema and name, its parents' schemas, names and kinds (in the source's order), and its
   * columns that come from a parent only ({@code attislocal} false).
   */
  static final String INHERITANCE =
      """
      SELECT n.nspname, c.relname,
             array_agg(pn.nspname::text ORDER BY i.inhseqno),
             array_agg(p.relname::text ORDER BY i.inhseqno),
             array_agg(p.relkind::text ORDER BY i.inhseqno),
             (SELECT coalesce(array_agg(a.attname::text ORDER BY a.attnum), '{}')
                FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 AND NOT a.attislocal)
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace pn ON pn.oid = p.relnamespace
       WHERE n.nspname = ANY (?) AND c.relkind = 'r' AND NOT c.relispartition
       GROUP BY n.nspname, c.relname, c.oid
       ORDER BY 1, 2""";

  /** A type's schema, name, kind, category, element type and domain base type, by oid. */
  static final String TYPE =
      """
      SELECT n.nspname, t.typname, t.typtype, t.typcategory, t.typelem, t.typbasetype,
             t.typtypmod
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE t.oid = ?""";

  /** A sequence's schema, name and properties, by oid. */
  static final String SEQUENCE =
      """
      SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
             s.seqmin, s.seqmax, s.seqcache, s.seqcycle
        FROM pg_sequence s
        JOIN pg_class c ON c.oid = s.seqrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE s.seqrelid = ?""";

  /** A table's columns ({@code ?}: its qualified, quoted name) with their type oid and modifier. */
  static final String TABLE_COLUMN_TYPES =
      """
      SELECT a.attname, a.atttypid, a.atttypmod
        FROM pg_attribute a
       WHERE a.attrelid = (?)::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum""";

  /** An enum type's labels in order, by oid. */
  static final String ENUM_LABELS =
      "SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder";

  /**
   * A domain's NOT NULL, default, collation (when not its base type's) and CHECK constraints (each
   * {@code "name" CHECK (...)}), by oid; deparsed under the search path of the moment.
   */
  static final String DOMAIN =
      """
      SELECT t.typnotnull, pg_get_expr(t.typdefaultbin, 0),
             CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation
                  THEN quote_ident(cn.nspname) || '.' || quote_ident(c.collname) END,
             ARRAY(SELECT quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid)
                     FROM pg_constraint k
                    WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.conname)
        FROM pg_type t
        JOIN pg_type b ON b.oid = t.typbasetype
        LEFT JOIN pg_collation c ON c.oid = t.typcollation
        LEFT JOIN pg_namespace cn ON cn.oid = c.collnamespace
       WHERE t.oid = ?""";

  /**
   * A composite type's attributes in order: name, type oid, modifier, collation if not its type's.
   */
  static final String COMPOSITE_ATTRIBUTES =
      """
      SELECT a.attname, a.atttypid, a.atttypmod,
             CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                  THEN quote_ident(cn.nspname) || '.' || quote_ident(c.collname) END
        FROM pg_type ct
        JOIN pg_attribute a ON a.attrelid = ct.typrelid
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_collation c ON c.oid = a.attcollation
        LEFT JOIN pg_namespace cn ON cn.oid = c.collnamespace
       WHERE ct.oid = ? AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum""";

  /**
   * A range type's subtype oid, operator class (when not the subtype's default), collation (when
   * not the subtype's), whether it has a canonical function, its difference function (qualified)
   * and whether that is built in, and its multirange type's name (PostgreSQL 14 and later).
   */
  static final String RANGE =
      """
      SELECT r.rngsubtype,
             CASE WHEN NOT o.opcdefault
                  THEN quote_ident(opn.nspname) || '.' || quote_ident(o.opcname) END,
             CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation
                  THEN quote_ident(cn.nspname) || '.' || quote_ident(c.collname) END,
             r.rngcanonical <> 0,
             CASE WHEN r.rngsubdiff <> 0
                  THEN quote_ident(pn.nspname) || '.' || quote_ident(p.proname) END,
             r.rngsubdiff = 0 OR pn.nspname = 'pg_catalog',
             mt.typname
        FROM pg_range r
        JOIN pg_type st ON st.oid = r.rngsubtype
        JOIN pg_opclass o ON o.oid = r.rngsubopc
        JOIN pg_namespace opn ON opn.oid = o.opcnamespace
        LEFT JOIN pg_collation c ON c.oid = r.rngcollation
        LEFT JOIN pg_namespace cn ON cn.oid = c.collnamespace
        LEFT JOIN pg_proc p ON p.oid = r.rngsubdiff
        LEFT JOIN pg_namespace pn ON pn.oid = p.pronamespace
        LEFT JOIN pg_type mt ON mt.oid = (to_jsonb(r) ->> 'rngmultitypid')::oid
       WHERE r.rngtypid = ?""";

  /** The range type of a multirange type, by the multirange's oid. */
  static final String MULTIRANGE_RANGE =
      "SELECT r.rngtypid FROM pg_range r WHERE (to_jsonb(r) ->> 'rngmultitypid')::oid = ?";

  private PostgresCatalogQueries() {}
}
