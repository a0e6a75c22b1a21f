package io.tributary.common.catalog;

import io.tributary.common.event.Topics;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tables of given schemas of a PostgreSQL source (through pgJDBC) into {@link TableDef}s
 * whose target types are the source types themselves ({@link PostgresTypeMapper}): columns in order
 * with their {@code format_type} spelling as source type, NOT NULL, primary keys in key order,
 * identity and serial columns, enum types with their labels (to be re-created in the target),
 * arrays with their element types, pgvector types with their dimensions. Ordinary and partitioned
 * tables are read; partitions are not (their rows are read through the partitioned table), nor
 * tables that belong to an extension. Names are kept exactly as the catalog holds them.
 */
public final class PostgresCatalogReader {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCatalogReader.class);

  static final String COLUMNS =
      """
      SELECT n.nspname, c.relname, a.attname, a.attnotnull, a.attidentity, a.attgenerated,
             a.atttypid, a.atttypmod, format_type(a.atttypid, a.atttypmod) AS source_type,
             pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) IS NOT NULL
               AS owns_sequence,
             c.relkind
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
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

  static final String ENUM_LABELS =
      "SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder";

  private PostgresCatalogReader() {}

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
                    rs.getBoolean(10)));
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
      return new PostgresCatalog(tables, new ArrayList<>(enums.values()), warnings);
    }

    private static String nullToEmpty(String s) {
      return s == null ? "" : s.trim();
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
      return new ColumnDef(
          row.column,
          row.sourceType,
          row.column,
          mapping.type(),
          keyPosition,
          !row.notNull,
          mapping.targetSql(),
          mapping.elementType(),
          identity);
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
      boolean ownsSequence) {}
}
