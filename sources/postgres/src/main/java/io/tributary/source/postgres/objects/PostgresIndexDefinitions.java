package io.tributary.source.postgres.objects;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TablePartitioning;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.source.postgres.catalog.SourceSearchPath;
import io.tributary.source.spi.intake.SchemaObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the secondary indexes of a PostgreSQL source's migrated tables that finalize cannot build
 * from their columns alone — expression and partial indexes, another access method than btree (GIN,
 * GiST, BRIN, hash), an operator class or collation other than the column's default, a descending
 * or NULLS FIRST column, {@code INCLUDE} columns ({@link PostgresIndexQueries#INDEXES}) — and makes
 * each a finalize step (UNIQUE or INDEX: built after the load, as the table's owner) from
 * PostgreSQL's own definition ({@link PostgresIndexStatementBuilder}). An index whose expressions
 * or predicate read a column the target names otherwise, or a column not migrated, is named with
 * why it is not made. The plain btrees stay {@code IndexDef}s (finalize leaves out the rows that
 * keep them from being built); the primary key and the indexes of exclusion constraints come with
 * their tables. Reads only.
 */
public final class PostgresIndexDefinitions {
  /** The finalize steps of the indexes made, and every index read, made or not (for the notes). */
  public record Indexes(List<FinalizeStep> steps, List<SchemaObject> indexes) {
    public Indexes {
      steps = List.copyOf(steps);
      indexes = List.copyOf(indexes);
    }

    /** What the dry run says of each. */
    public List<String> notes() {
      return indexes.stream().map(SchemaObject::note).toList();
    }
  }

  private PostgresIndexDefinitions() {}

  /**
   * @param schemas target schema by source schema name
   * @param migrated the tables migrated, with their target names
   */
  public static Indexes read(
      Connection connection, Map<String, String> schemas, List<TableDef> migrated)
      throws SQLException {
    Map<String, TableDef> tables = new HashMap<>();
    migrated.forEach(t -> tables.put(t.sourceSchema() + '\0' + t.sourceTable(), t));
    // a partition kept as one (its partitioned table kept partitioned): its own indexes are made on
    // it, in its partitioned table's target schema, under its own name
    for (TableDef t : migrated) {
      if (t.partitioning() != null) {
        for (TablePartitioning.Partition p : t.partitioning().partitions()) {
          tables.putIfAbsent(t.sourceSchema() + '\0' + p.name(), partition(t, p.name()));
        }
      }
    }
    List<FinalizeStep> steps = new ArrayList<>();
    List<SchemaObject> indexes = new ArrayList<>();
    try (SourceSearchPath path = new SourceSearchPath(connection)) {
      for (String schema : new LinkedHashMap<>(schemas).keySet()) {
        path.only(schema);
        SchemaNameRewriter rewriter = SchemaNameRewriter.readFrom(schema, schemas, migrated);
        try (PreparedStatement st = connection.prepareStatement(PostgresIndexQueries.INDEXES)) {
          st.setString(1, schema);
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              TableDef table = tables.get(schema + '\0' + rs.getString(2));
              if (table != null) {
                one(rs, schema, table, rewriter, steps, indexes);
              }
            }
          }
        }
      }
    }
    return new Indexes(steps, indexes);
  }

  /** A partition of {@code table} as its indexes name it: the table's columns, its own name. */
  private static TableDef partition(TableDef table, String name) {
    return new TableDef(
        table.source(),
        table.sourceSchema(),
        name,
        table.targetSchema(),
        name,
        table.topic(),
        table.columns());
  }

  private static void one(
      ResultSet rs,
      String schema,
      TableDef table,
      SchemaNameRewriter rewriter,
      List<FinalizeStep> steps,
      List<SchemaObject> indexes)
      throws SQLException {
    String name = rs.getString(3);
    String source = schema + "." + table.sourceTable() + "." + name;
    boolean unique = rs.getBoolean(6);
    String kind = unique ? "unique index" : "index";
    String problem = null;
    List<PostgresIndexStatementBuilder.Column> columns = new ArrayList<>();
    for (String column : (String[]) rs.getArray(9).getArray()) {
      Optional<ColumnDef> def = column(table, column);
      if (column.isEmpty()) {
        columns.add(new PostgresIndexStatementBuilder.Column(null, null));
      } else if (def.isEmpty()) {
        problem = "its column " + column + " is not migrated";
      } else {
        columns.add(new PostgresIndexStatementBuilder.Column(column, def.get().targetName()));
      }
    }
    boolean computed = rs.getBoolean(8);
    for (String column : (String[]) rs.getArray(10).getArray()) {
      Optional<ColumnDef> def = column(table, column);
      if (def.isEmpty()) {
        problem = "it reads column " + column + ", which is not migrated";
      } else if (computed && !def.get().targetName().equals(column)) {
        problem =
            "its expressions or predicate may read column "
                + column
                + ", which the target names "
                + def.get().targetName()
                + ": PostgreSQL's definition names the source's (make it by hand)";
      }
    }
    String qualified = Identifiers.qualified(table.targetSchema(), table.targetTable());
    if (problem == null) {
      try {
        String statement =
            PostgresIndexStatementBuilder.create(
                new PostgresIndexStatementBuilder.SourceIndex(
                    rs.getString(7), rs.getString(4), rs.getString(5), name, unique),
                table.targetSchema(),
                qualified,
                columns,
                text -> rewriter.rewrite(text).text());
        steps.add(
            new FinalizeStep(
                unique ? FinalizeStep.Kind.UNIQUE : FinalizeStep.Kind.INDEX,
                qualified,
                statement,
                null));
        indexes.add(
            SchemaObject.made(
                kind,
                source,
                table.targetSchema() + "." + table.targetTable() + "." + name,
                List.of(statement)));
        return;
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    indexes.add(SchemaObject.notMade(kind, source, problem));
  }

  private static Optional<ColumnDef> column(TableDef table, String name) {
    return table.columns().stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
