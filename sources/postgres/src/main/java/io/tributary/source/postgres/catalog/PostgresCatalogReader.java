package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TableInheritance;
import io.tributary.common.catalog.TablePartitioning;
import io.tributary.common.event.Topics;
import io.tributary.common.sql.TableExtras;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>The catalog queries are {@link PostgresCatalogQueries}; a column is built by {@link
 * PostgresColumnBuilder}, its default carried over as {@link PostgresColumnDefaults} says.
 */
public final class PostgresCatalogReader {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCatalogReader.class);

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
    private final List<String> warnings = new ArrayList<>();
    private final PostgresTypeReader types;
    private final PostgresSequenceReader sequences;
    private final PostgresColumnBuilder columnBuilder;

    Reading(Connection connection, String migration, String source, Map<String, String> schemas) {
      this.connection = connection;
      this.migration = migration;
      this.source = source;
      this.schemas = schemas;
      this.types = new PostgresTypeReader(connection, schemas);
      this.sequences = new PostgresSequenceReader(connection, schemas);
      this.columnBuilder = new PostgresColumnBuilder(schemas, types, sequences, warnings);
    }

    PostgresCatalog run() throws SQLException {
      Array names = connection.createArrayOf("text", schemas.keySet().toArray());
      Map<String, Map<String, Integer>> keys = primaryKeys(names);
      Map<String, List<ColumnDef>> columns = new LinkedHashMap<>();
      Map<String, String[]> tableNames = new LinkedHashMap<>();
      List<PostgresColumnRow> rows = new ArrayList<>();
      try (PreparedStatement st = connection.prepareStatement(PostgresCatalogQueries.COLUMNS)) {
        st.setArray(1, names);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            rows.add(PostgresColumnRow.read(rs));
          }
        }
      }
      Map<String, List<TableExtras.ExtraColumn>> generated = new LinkedHashMap<>();
      String previous = null;
      for (PostgresColumnRow row : rows) {
        String qualified = row.schema() + '\0' + row.table();
        if (tableNames.putIfAbsent(qualified, new String[] {row.schema(), row.table()}) == null) {
          previous = null;
        }
        int keyPosition = keys.getOrDefault(qualified, Map.of()).getOrDefault(row.column(), 0);
        ColumnDef column = columnBuilder.column(row, keyPosition);
        if (PostgresColumnBuilder.keptGenerated(row)) {
          generated
              .computeIfAbsent(qualified, k -> new ArrayList<>())
              .add(PostgresColumnBuilder.generated(row, column, previous));
          warnings.add(
              "column "
                  + row.schema()
                  + "."
                  + row.table()
                  + "."
                  + row.column()
                  + " is made generated in the target (GENERATED ALWAYS AS ("
                  + row.generatedSql()
                  + ") STORED): computed there, never written by apply");
        } else {
          columns.computeIfAbsent(qualified, k -> new ArrayList<>()).add(column);
        }
        previous = column.targetName();
      }
      Map<String, TablePartitioning> partitioned =
          PostgresPartitionReader.read(connection, names, warnings);
      Map<String, TableInheritance> inheriting =
          PostgresInheritanceReader.read(connection, names, warnings);
      Set<String> parents = new HashSet<>();
      inheriting.forEach(
          (child, inheritance) ->
              inheritance
                  .parents()
                  .forEach(p -> parents.add(child.substring(0, child.indexOf('\0') + 1) + p)));
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
                    columns.getOrDefault(entry.getKey(), List.of()))
                .withPartitioning(partitioned.get(entry.getKey()))
                .withInheritance(inheriting.get(entry.getKey()))
                .withOwnRowsOnly(parents.contains(entry.getKey()));
        if (def.keyColumns().isEmpty()) {
          LOG.info("Table {} has no primary key", def.qualifiedSourceName());
        }
        tables.add(def);
      }
      for (String schema : schemas.keySet()) {
        if (tables.stream().noneMatch(t -> t.sourceSchema().equals(schema))) {
          warnings.add("schema " + schema + " has no tables (or does not exist)");
        }
      }
      List<EnumDef> enums = types.enums();
      LOG.info(
          "Read {} tables and {} enum types of source {} (schemas {})",
          tables.size(),
          enums.size(),
          source,
          schemas.keySet());
      List<PostgresUserType> userTypes = types.userTypes();
      return new PostgresCatalog(
          tables, enums, warnings, sequences.sequences(), userTypes, generated);
    }

    private Map<String, Map<String, Integer>> primaryKeys(Array names) throws SQLException {
      Map<String, Map<String, Integer>> keys = new HashMap<>();
      try (PreparedStatement st =
          connection.prepareStatement(PostgresCatalogQueries.PRIMARY_KEYS)) {
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
  }
}
