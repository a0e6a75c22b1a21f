package io.tributary.common.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.List;

/**
 * One captured table: where it comes from, where it goes, which topic carries it, its columns.
 *
 * @param source the plan's source name
 * @param sourceSchema the source schema ({@code main} for SQLite)
 * @param sourceTable the source table name
 * @param targetSchema the target schema
 * @param targetTable the target table name
 * @param topic the Kafka topic of its change events
 * @param columns columns in source order; the row identity's columns have their {@link
 *     ColumnDef#keyPosition()}
 * @param identity what the key columns are; null means {@link RowIdentity#PRIMARY_KEY} (catalogs
 *     recorded before identities existed)
 * @param identityIndex for {@link RowIdentity#UNIQUE} and a {@link RowIdentity#DECLARED} key that a
 *     unique index covers: the source's index; else null
 * @param ownRowsOnly whether a read of the table takes its own rows only ({@code FROM ONLY}), not
 *     those of the tables that inherit from it: a PostgreSQL source's ordinary table, whose
 *     inheritance children are tables of their own (a partitioned table's rows are its partitions',
 *     read through it): recorded for a parent whose inheriting tables stay its children in the
 *     target ({@link TableInheritance}), and set on the view validation reads a source through
 * @param partitioning for a declaratively partitioned PostgreSQL table made partitioned in the
 *     target, its partition key and partitions; else null
 * @param inheritance for a PostgreSQL table made {@code INHERITS} its parents in the target, its
 *     parents and inherited columns; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableDef(
    String source,
    String sourceSchema,
    String sourceTable,
    String targetSchema,
    String targetTable,
    String topic,
    List<ColumnDef> columns,
    RowIdentity identity,
    String identityIndex,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean ownRowsOnly,
    TablePartitioning partitioning,
    TableInheritance inheritance) {
  public TableDef {
    columns = List.copyOf(columns);
  }

  /** A table not partitioned in the target. */
  public TableDef(
      String source,
      String sourceSchema,
      String sourceTable,
      String targetSchema,
      String targetTable,
      String topic,
      List<ColumnDef> columns,
      RowIdentity identity,
      String identityIndex,
      boolean ownRowsOnly) {
    this(
        source,
        sourceSchema,
        sourceTable,
        targetSchema,
        targetTable,
        topic,
        columns,
        identity,
        identityIndex,
        ownRowsOnly,
        null,
        null);
  }

  /** A table read with its inheritance children's rows, if it has any (no child kept). */
  public TableDef(
      String source,
      String sourceSchema,
      String sourceTable,
      String targetSchema,
      String targetTable,
      String topic,
      List<ColumnDef> columns,
      RowIdentity identity,
      String identityIndex) {
    this(
        source,
        sourceSchema,
        sourceTable,
        targetSchema,
        targetTable,
        topic,
        columns,
        identity,
        identityIndex,
        false);
  }

  /** A table keyed by its primary key (or not keyed yet). */
  public TableDef(
      String source,
      String sourceSchema,
      String sourceTable,
      String targetSchema,
      String targetTable,
      String topic,
      List<ColumnDef> columns) {
    this(source, sourceSchema, sourceTable, targetSchema, targetTable, topic, columns, null, null);
  }

  /** What identifies a row: {@link RowIdentity#PRIMARY_KEY} unless recorded otherwise. */
  @JsonIgnore
  public RowIdentity rowIdentity() {
    return identity == null ? RowIdentity.PRIMARY_KEY : identity;
  }

  /** The same table with other columns (same identity). */
  public TableDef withColumns(List<ColumnDef> newColumns) {
    return with(
        targetSchema, newColumns, identity, identityIndex, ownRowsOnly, partitioning, inheritance);
  }

  /** The same table going to another target schema. */
  public TableDef withTargetSchema(String schema) {
    return with(schema, columns, identity, identityIndex, ownRowsOnly, partitioning, inheritance);
  }

  /** The same table partitioned in the target as {@code p} (null: not partitioned). */
  public TableDef withPartitioning(TablePartitioning p) {
    return with(targetSchema, columns, identity, identityIndex, ownRowsOnly, p, inheritance);
  }

  /** The same table made {@code INHERITS} as {@code i} in the target (null: not inheriting). */
  public TableDef withInheritance(TableInheritance i) {
    return with(targetSchema, columns, identity, identityIndex, ownRowsOnly, partitioning, i);
  }

  /** The same table, read with ({@code false}) or without its inheritance children's rows. */
  public TableDef withOwnRowsOnly(boolean only) {
    return with(targetSchema, columns, identity, identityIndex, only, partitioning, inheritance);
  }

  /**
   * The same table keyed by {@code keyColumns} (source names, in key order) as {@code kind}.
   *
   * @param index the source's unique index over exactly those columns, or null
   */
  public TableDef withIdentity(RowIdentity kind, List<String> keyColumns, String index) {
    List<ColumnDef> keyed =
        columns.stream()
            .map(
                c -> {
                  int position = keyColumns.indexOf(c.name()) + 1;
                  return c.keyPosition() == position ? c : c.withKeyPosition(position);
                })
            .toList();
    return with(targetSchema, keyed, kind, index, ownRowsOnly, partitioning, inheritance);
  }

  /** This table with the components that withers change replaced. */
  private TableDef with(
      String schema,
      List<ColumnDef> newColumns,
      RowIdentity kind,
      String index,
      boolean only,
      TablePartitioning p,
      TableInheritance i) {
    return new TableDef(
        source,
        sourceSchema,
        sourceTable,
        schema,
        targetTable,
        topic,
        newColumns,
        kind,
        index,
        only,
        p,
        i);
  }

  /** Key columns in key order. */
  @JsonIgnore
  public List<ColumnDef> keyColumns() {
    return columns.stream()
        .filter(c -> c.keyPosition() > 0)
        .sorted(Comparator.comparingInt(ColumnDef::keyPosition))
        .toList();
  }

  /**
   * The columns whose values identify a row, in order: the key columns, or every column (catalog
   * order) for a table of {@link RowIdentity#WHOLE_ROW whole-row identity}. Change-event keys,
   * validation's key hashes and apply's deletes use these.
   */
  @JsonIgnore
  public List<ColumnDef> identityColumns() {
    return wholeRow() ? columns : keyColumns();
  }

  /** Whether rows are identified by all of their values ({@link RowIdentity#WHOLE_ROW}). */
  @JsonIgnore
  public boolean wholeRow() {
    return rowIdentity() == RowIdentity.WHOLE_ROW;
  }

  /** {@code source/schema.table}, for messages. */
  @JsonIgnore
  public String qualifiedSourceName() {
    return source + "/" + sourceSchema + "." + sourceTable;
  }

  /** The column with that source name. */
  public ColumnDef column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("no column " + name + " in " + qualifiedSourceName()));
  }
}
