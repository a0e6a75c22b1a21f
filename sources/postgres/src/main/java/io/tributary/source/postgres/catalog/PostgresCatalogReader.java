package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.IdentityKind;
import io.tributary.common.catalog.PostgresSequence;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.Topics;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tables of given schemas of a PostgreSQL source (through pgJDBC) into {@link TableDef}s
 * whose target types are the source types themselves ({@link PostgresTypeMapper}): columns in order
 * with their {@code format_type} spelling as source type, NOT NULL, primary keys in key order,
 * identity and serial columns, enum types with their labels (to be re-created in the target),
 * arrays with their element types, pgvector types with their dimensions, column defaults. Ordinary
 * and partitioned tables are read; partitions are not (their rows are read through the partitioned
 * table), nor tables that belong to an extension. Names are kept exactly as the catalog holds them.
 *
 * <p>A column's default is recorded as {@code pg_get_expr} prints it ({@link
 * ColumnDef#sourceDefault()}), for finalize to set on the target, except:
 *
 * <ul>
 *   <li>generated columns (the target column is a plain one), identities, and serials (their {@code
 *       nextval} of the column's own sequence: finalize re-creates them as identities);
 *   <li>defaults that use another table, or a sequence other than as {@code
 *       nextval('seq'::regclass)}: the target has no such relation; left out with a warning. A
 *       default that is exactly {@code nextval} of a free-standing sequence of a migrated schema is
 *       carried over: the sequence is recorded ({@link PostgresSequence}, created in the target
 *       schema of its own source schema) and the default respelled to name it there;
 *   <li>defaults that use a user-defined type (an enum, a domain, an extension's type) other than
 *       the column's own: the target's types are not the source's; left out with a warning. A cast
 *       of a literal to the column's own type ({@code 'idle'::agent_status}) is respelled with the
 *       column's target type ({@code 'idle'::"app"."agent_status"}), the enum as re-created in the
 *       target; any other default of an enum column, which would name the source's type, is left
 *       out with a warning.
 * </ul>
 *
 * Defaults that call functions are kept as they are: a function the target database does not have
 * ({@code uuid_generate_v4()} without the extension, a function of the source's schema) fails
 * finalize's DEFAULT step of that table with PostgreSQL's message; a warning names the functions
 * that are not built in.
 */
public final class PostgresCatalogReader {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCatalogReader.class);

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
                      AND p.refclassid = 'pg_proc'::regclass) AS default_functions
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype = 'e')
       ORDER BY n.nspname, c.relname, a.attnum""";

  static final String PRIMARY_KEYS =
      """
      SELECT n.nspname, c.relname, a.attname, k.ord
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE i.indisprimary AND n.nspname = ANY (?)""";

  static final String PARTITIONS =
      """
      SELECT n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ANY (?) AND c.relispartition
       ORDER BY 1, 2""";

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

  static final String ENUM_LABELS =
      "SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder";

  private static final Pattern LITERAL_CAST = Pattern.compile("('(?:[^']|'')*')::(.+)");

  private PostgresCatalogReader() {}

  /**
   * The source default of a column that is neither an identity nor a serial nor generated, as
   * recorded for the target (see the class comment), or null when it is not carried over.
   *
   * @param expression the default as {@code pg_get_expr} prints it
   * @param usesRelation whether it uses a table or sequence ({@code pg_depend}, besides its own
   *     table)
   * @param types the user-defined types it uses ({@code pg_depend}; built-in ones are not listed)
   * @param ownTypes the column's type, its element type and its domain's base type
   * @param sourceType the column's type as {@code format_type} prints it
   * @param column the column with its target type
   * @param warnings takes why a default is left out
   */
  public static String carriedDefault(
      String expression,
      boolean usesRelation,
      Collection<Long> types,
      Set<Long> ownTypes,
      String sourceType,
      ColumnDef column,
      Consumer<String> warnings) {
    if (usesRelation) {
      warnings.accept(
          "its default "
              + expression
              + " uses a sequence or table that the target does not have; not set on the target");
      return null;
    }
    if (!ownTypes.containsAll(types)) {
      warnings.accept(
          "its default "
              + expression
              + " uses a user-defined type other than the column's own, which the target does not"
              + " have; not set on the target");
      return null;
    }
    Matcher cast = LITERAL_CAST.matcher(expression);
    if (!types.isEmpty() && cast.matches() && cast.group(2).equals(sourceType)) {
      return cast.group(1) + "::" + column.targetSql();
    }
    if (column.targetType() == TargetType.ENUM || column.elementType() == TargetType.ENUM) {
      warnings.accept(
          "its default "
              + expression
              + " is not a label of its enum type; not set on the target (give it as the plan's"
              + " default)");
      return null;
    }
    return expression;
  }

  /**
   * Reads the tables of the given schemas.
   *
   * @param connection an open connection to the source database (left open)
   * @param migration the migration, for topic names
   * @param source the plan's source name
   * @param schemas source schema to target schema, in the order to read them
   * @throws CatalogException when the catalog cannot be read
   */
  public static PostgresCatalog read(
      Connection connection, String migration, String source, Map<String, String> schemas) {
    try {
      return new Reading(connection, migration, source, schemas).run();
    } catch (SQLException e) {
      throw new CatalogException(
          "Failed to read the PostgreSQL catalog of source " + source + ": " + e.getMessage(), e);
    }
  }

  /** One read: the connection and what has been looked up so far. */
  private static final class Reading {
    private final Connection connection;
    private final String migration;
    private final String source;
    private final Map<String, String> schemas;
    private final Map<Long, PostgresType> types = new HashMap<>();
    private final Map<Long, EnumDef> enums = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<Long, PostgresSequence> sequences = new LinkedHashMap<>();

    Reading(Connection connection, String migration, String source, Map<String, String> schemas) {
      this.connection = connection;
      this.migration = migration;
      this.source = source;
      this.schemas = schemas;
    }

    PostgresCatalog run() throws SQLException {
      Array names = connection.createArrayOf("text", schemas.keySet().toArray());
      Map<String, Map<String, Integer>> keys = primaryKeys(names);
      Map<String, List<ColumnDef>> columns = new LinkedHashMap<>();
      Map<String, String[]> tableNames = new LinkedHashMap<>();
      List<Row> rows = new ArrayList<>();
      try (PreparedStatement st = connection.prepareStatement(COLUMNS)) {
        st.setArray(1, names);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            rows.add(
                new Row(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getBoolean(4),
                    nullToEmpty(rs.getString(5)),
                    nullToEmpty(rs.getString(6)),
                    rs.getLong(7),
                    rs.getInt(8),
                    rs.getString(9),
                    rs.getBoolean(10),
                    rs.getString(12),
                    rs.getBoolean(13),
                    longs(rs.getArray(15)),
                    strings(rs.getArray(16)),
                    (Long) rs.getObject(14)));
          }
        }
      }
      for (Row row : rows) {
        String qualified = row.schema + '\0' + row.table;
        tableNames.putIfAbsent(qualified, new String[] {row.schema, row.table});
        int keyPosition = keys.getOrDefault(qualified, Map.of()).getOrDefault(row.column, 0);
        columns.computeIfAbsent(qualified, k -> new ArrayList<>()).add(column(row, keyPosition));
      }
      List<TableDef> tables = new ArrayList<>();
      for (Map.Entry<String, String[]> entry : tableNames.entrySet()) {
        String schema = entry.getValue()[0];
        String table = entry.getValue()[1];
        TableDef def =
            new TableDef(
                source,
                schema,
                table,
                schemas.get(schema),
                table,
                Topics.tableTopic(migration, source, schema, table),
                columns.get(entry.getKey()));
        if (def.keyColumns().isEmpty()) {
          LOG.info("Table {} has no primary key", def.qualifiedSourceName());
        }
        tables.add(def);
      }
      notePartitions(names);
      for (String schema : schemas.keySet()) {
        if (tables.stream().noneMatch(t -> t.sourceSchema().equals(schema))) {
          warnings.add("schema " + schema + " has no tables (or does not exist)");
        }
      }
      LOG.info(
          "Read {} tables and {} enum types of source {} (schemas {})",
          tables.size(),
          enums.size(),
          source,
          schemas.keySet());
      return new PostgresCatalog(
          tables, new ArrayList<>(enums.values()), warnings, new ArrayList<>(sequences.values()));
    }

    /**
     * A free-standing sequence of a migrated schema, with its properties, for the target; null when
     * its schema is not migrated (the default is then left out, with a warning).
     */
    private PostgresSequence sequence(long oid) throws SQLException {
      if (sequences.containsKey(oid)) {
        return sequences.get(oid);
      }
      try (PreparedStatement st = connection.prepareStatement(SEQUENCE)) {
        st.setLong(1, oid);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next() || !schemas.containsKey(rs.getString(1))) {
            return null;
          }
          PostgresSequence sequence =
              new PostgresSequence(
                  rs.getString(1),
                  rs.getString(2),
                  schemas.get(rs.getString(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getLong(8),
                  rs.getBoolean(9));
          sequences.put(oid, sequence);
          return sequence;
        }
      }
    }

    private static String nullToEmpty(String s) {
      return s == null ? "" : s.trim();
    }

    private static List<Long> longs(Array array) throws SQLException {
      List<Long> out = new ArrayList<>();
      if (array != null) {
        for (Object o : (Object[]) array.getArray()) {
          out.add(((Number) o).longValue());
        }
      }
      return out;
    }

    private static List<String> strings(Array array) throws SQLException {
      List<String> out = new ArrayList<>();
      if (array != null) {
        for (Object o : (Object[]) array.getArray()) {
          out.add(String.valueOf(o));
        }
      }
      return out;
    }

    private ColumnDef column(Row row, int keyPosition) throws SQLException {
      String tableTarget = schemas.get(row.schema);
      PostgresType type = type(row.typeOid);
      List<SQLException> failures = new ArrayList<>();
      PostgresTypeMapper.Mapping mapping =
          PostgresTypeMapper.map(
              type,
              row.typmod,
              enumType -> {
                try {
                  return enumTarget(enumType, tableTarget).targetSchema();
                } catch (SQLException e) {
                  failures.add(e);
                  return tableTarget;
                }
              });
      if (!failures.isEmpty()) {
        throw failures.get(0);
      }
      String where = row.schema + "." + row.table + "." + row.column;
      if (mapping.fallback() != null) {
        warnings.add("column " + where + ": " + mapping.fallback());
      }
      if (!row.generated.isEmpty()) {
        warnings.add(
            "column "
                + where
                + " is a generated column; the target column is a plain one holding the source's"
                + " values");
      }
      IdentityKind identity =
          switch (row.identity) {
            case "a" -> IdentityKind.ALWAYS;
            case "d" -> IdentityKind.BY_DEFAULT;
            default -> row.ownsSequence ? IdentityKind.SERIAL : null;
          };
      ColumnDef column =
          new ColumnDef(
              row.column,
              row.sourceType,
              row.column,
              mapping.type(),
              keyPosition,
              !row.notNull,
              mapping.targetSql(),
              mapping.elementType(),
              identity);
      if (row.defaultSql == null || row.defaultSql.isBlank() || identity != null) {
        return column;
      }
      if (row.defaultUsesRelation
          && row.defaultSequence != null
          && PostgresSequence.isNextval(row.defaultSql)) {
        PostgresSequence sequence = sequence(row.defaultSequence);
        if (sequence != null) {
          return column.withSourceDefault(sequence.nextvalDefault());
        }
      }
      String expression =
          carriedDefault(
              row.defaultSql,
              row.defaultUsesRelation,
              row.defaultTypes,
              ownTypes(type),
              row.sourceType,
              column,
              problem -> warnings.add("column " + where + ": " + problem));
      if (expression != null && !row.defaultFunctions.isEmpty()) {
        warnings.add(
            "column "
                + where
                + ": its default calls "
                + String.join(", ", row.defaultFunctions)
                + ", which the target database must have for finalize to set it");
      }
      return column.withSourceDefault(expression);
    }

    /** The type itself, its element type (arrays) and base type (domains), as oids. */
    private static Set<Long> ownTypes(PostgresType type) {
      Set<Long> own = new HashSet<>();
      for (PostgresType t = type; t != null; t = t.element() != null ? t.element() : t.base()) {
        own.add(t.oid());
      }
      return own;
    }

    /** The enum's definition in the target: in its own schema's target, else the table's. */
    private EnumDef enumTarget(PostgresType type, String tableTarget) throws SQLException {
      EnumDef known = enums.get(type.oid());
      if (known != null) {
        return known;
      }
      List<String> labels = new ArrayList<>();
      try (PreparedStatement st = connection.prepareStatement(ENUM_LABELS)) {
        st.setLong(1, type.oid());
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            labels.add(rs.getString(1));
          }
        }
      }
      EnumDef def =
          new EnumDef(
              type.schema(),
              type.name(),
              schemas.getOrDefault(type.schema(), tableTarget),
              type.name(),
              labels);
      enums.put(type.oid(), def);
      return def;
    }

    private PostgresType type(long oid) throws SQLException {
      PostgresType known = types.get(oid);
      if (known != null) {
        return known;
      }
      String schema;
      String name;
      char kind;
      char category;
      long element;
      long base;
      int baseTypmod;
      try (PreparedStatement st = connection.prepareStatement(TYPE)) {
        st.setLong(1, oid);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("no type with oid " + oid);
          }
          schema = rs.getString(1);
          name = rs.getString(2);
          kind = rs.getString(3).charAt(0);
          category = rs.getString(4).charAt(0);
          element = rs.getLong(5);
          base = rs.getLong(6);
          baseTypmod = rs.getInt(7);
        }
      }
      PostgresType type =
          new PostgresType(
              oid,
              schema,
              name,
              kind,
              category,
              category == 'A' && element != 0 ? type(element) : null,
              kind == 'd' && base != 0 ? type(base) : null,
              kind == 'd' ? baseTypmod : -1);
      types.put(oid, type);
      return type;
    }

    private Map<String, Map<String, Integer>> primaryKeys(Array names) throws SQLException {
      Map<String, Map<String, Integer>> keys = new HashMap<>();
      try (PreparedStatement st = connection.prepareStatement(PRIMARY_KEYS)) {
        st.setArray(1, names);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            keys.computeIfAbsent(rs.getString(1) + '\0' + rs.getString(2), k -> new HashMap<>())
                .put(rs.getString(3), rs.getInt(4));
          }
        }
      }
      return keys;
    }

    private void notePartitions(Array names) throws SQLException {
      try (PreparedStatement st = connection.prepareStatement(PARTITIONS)) {
        st.setArray(1, names);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            warnings.add(
                "table "
                    + rs.getString(1)
                    + "."
                    + rs.getString(2)
                    + " is a partition; its rows are migrated with its partitioned table");
          }
        }
      }
    }
  }

  /** One row of {@link #COLUMNS}. */
  private record Row(
      String schema,
      String table,
      String column,
      boolean notNull,
      String identity,
      String generated,
      long typeOid,
      int typmod,
      String sourceType,
      boolean ownsSequence,
      String defaultSql,
      boolean defaultUsesRelation,
      List<Long> defaultTypes,
      List<String> defaultFunctions,
      Long defaultSequence) {}
}
