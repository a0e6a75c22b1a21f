package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TableInheritance;
import io.tributary.common.catalog.TablePartitioning;
import io.tributary.common.naming.Identifiers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds the DDL that provisions target schemas and tables. Builds strings only; runs nothing. */
public final class TableDdlBuilder {
  private TableDdlBuilder() {}

  /** {@code CREATE SCHEMA IF NOT EXISTS "schema"} */
  public static String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema);
  }

  /**
   * {@code CREATE TABLE IF NOT EXISTS} with every column in its full spelling ({@code
   * numeric(10,2)}, {@code vector(384)}, {@code "app"."mood"[]}), NOT NULL where the source
   * declares it, and the primary key — or, for a table whose rows are identified otherwise ({@link
   * io.tributary.common.catalog.RowIdentity}), a UNIQUE constraint over those columns. Identity,
   * defaults, secondary indexes and foreign keys are not created here: apply writes the source's
   * values, and finalize adds the rest after the load.
   */
  public static String createTable(TableDef table) {
    return createTable(table, TableExtras.NONE);
  }

  /**
   * As {@link #createTable(TableDef)}, with the plan's extras: column defaults, extra columns
   * (after the migrated ones) and CHECK constraints (named {@code <table>_check_<n>}). Defaults and
   * checks are the operator's SQL, written as given; foreign keys are finalize's.
   */
  public static String createTable(TableDef table, TableExtras extras) {
    return createTable(table, extras, true);
  }

  /**
   * As {@link #createTable(TableDef, TableExtras)}; with {@code withKey} false, the table is made
   * for a bulk load ({@link BulkLoad}): without its primary key or identity UNIQUE constraint (its
   * key columns still NOT NULL), with the {@link BulkLoad#PROVENANCE} columns last (the Kafka
   * partition, offset and key of the record each row came from) and with autovacuum off, so the
   * rows stay where they were written. {@link #addKey} builds the key, drops the provenance columns
   * and turns autovacuum back on.
   */
  public static String createTable(TableDef table, TableExtras extras, boolean withKey) {
    List<String> parts = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    TableInheritance inheritance = table.inheritance();
    for (ColumnDef column : table.columns()) {
      if (inheritance != null && inheritance.inheritedColumns().contains(column.name())) {
        addFollowing(parts, column.targetName(), extras, placed);
        continue; // its parent's: PostgreSQL adds it, NOT NULL as the parent has it
      }
      String def = Identifiers.quote(column.targetName()) + " " + column.targetSql();
      String defaultSql = extras.defaults().get(column.targetName());
      if (defaultSql != null) {
        def += " DEFAULT " + defaultSql;
      }
      if (!column.nullable() || column.keyPosition() > 0) {
        def += " NOT NULL";
      }
      parts.add(def);
      addFollowing(parts, column.targetName(), extras, placed);
    }
    for (TableExtras.ExtraColumn extra : extras.extraColumns()) {
      if (placed.add(extra.name())) {
        parts.add(extraColumn(extra)); // after the migrated columns
      }
    }
    if (withKey && !table.keyColumns().isEmpty()) {
      parts.add(keyConstraint(table));
    }
    if (!withKey) {
      parts.add(
          Identifiers.quote(BulkLoad.PARTITION_COLUMN)
              + " integer DEFAULT "
              + chunkSetting(BulkLoad.CHUNK_PARTITION_SETTING, "integer"));
      parts.add(
          Identifiers.quote(BulkLoad.OFFSET_COLUMN)
              + " bigint DEFAULT "
              + chunkSetting(BulkLoad.CHUNK_OFFSET_SETTING, "bigint"));
      parts.add(Identifiers.quote(BulkLoad.KEY_COLUMN) + " text");
      parts.add(Identifiers.quote(BulkLoad.ROW_COLUMN) + " integer");
    }
    for (int i = 0; i < extras.checks().size(); i++) {
      parts.add(
          "CONSTRAINT "
              + Identifiers.quote(table.targetTable() + "_check_" + (i + 1))
              + " CHECK ("
              + extras.checks().get(i)
              + ")");
    }
    return "CREATE TABLE IF NOT EXISTS "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " (\n  "
        + String.join(",\n  ", parts)
        + "\n)"
        + inherits(table)
        + (table.partitioning() == null ? "" : " PARTITION BY " + table.partitioning().by())
        + (withKey ? "" : " WITH (autovacuum_enabled = false)");
  }

  /**
   * {@code INHERITS ("s"."parent", ...)} for a table kept inheriting ({@link TableInheritance}).
   */
  private static String inherits(TableDef table) {
    if (table.inheritance() == null || table.inheritance().parents().isEmpty()) {
      return "";
    }
    return table.inheritance().parents().stream()
        .map(parent -> Identifiers.qualified(table.targetSchema(), parent))
        .collect(Collectors.joining(", ", " INHERITS (", ")"));
  }

  /**
   * The statements that make a partitioned table's partitions, parents first, in its target schema:
   * {@code CREATE TABLE IF NOT EXISTS "s"."orders_2025" PARTITION OF "s"."orders" FOR VALUES FROM
   * (…) TO (…) [PARTITION BY …]}; none for a table not partitioned. They take the partitioned
   * table's columns, key and (later, from finalize) indexes.
   */
  public static List<String> createPartitions(TableDef table) {
    TablePartitioning partitioning = table.partitioning();
    if (partitioning == null) {
      return List.of();
    }
    List<String> statements = new ArrayList<>();
    for (TablePartitioning.Partition p : partitioning.partitions()) {
      statements.add(
          "CREATE TABLE IF NOT EXISTS "
              + Identifiers.qualified(table.targetSchema(), p.name())
              + " PARTITION OF "
              + Identifiers.qualified(
                  table.targetSchema(), p.parent() == null ? table.targetTable() : p.parent())
              + " "
              + p.bound()
              + (p.by() == null ? "" : " PARTITION BY " + p.by()));
    }
    return statements;
  }

  /**
   * {@code current_setting('tributary.copy_partition', true)::integer}: the default of a provenance
   * column, the partition or offset of the chunk being copied ({@link BulkLoad#ROW_COLUMN}); NULL
   * for a row written otherwise (apply's record copies name every provenance column).
   */
  public static String chunkSetting(String setting, String type) {
    return "current_setting(" + Identifiers.literal(setting) + ", true)::" + type;
  }

  /**
   * The key as a table constraint: {@code PRIMARY KEY (a, b)} or the identity UNIQUE constraint.
   */
  private static String keyConstraint(TableDef table) {
    String columns = keyColumnList(table);
    return table.rowIdentity().uniqueConstraint()
        ? "CONSTRAINT " + Identifiers.quote(identityConstraint(table)) + " UNIQUE (" + columns + ")"
        : "PRIMARY KEY (" + columns + ")";
  }

  private static String keyColumnList(TableDef table) {
    return table.keyColumns().stream()
        .map(c -> Identifiers.quote(c.targetName()))
        .collect(Collectors.joining(", "));
  }

  /**
   * Builds the key of a table made for a bulk load, under the name {@link #createTable} gives it
   * ({@code <table>_pkey}, or {@link #identityConstraint}), drops the {@link BulkLoad#PROVENANCE}
   * columns (if there: a table provisioned before them has none) and turns autovacuum back on:
   * {@code ALTER TABLE t DROP COLUMN IF EXISTS "_tributary_partition", ..., ADD PRIMARY KEY (a),
   * RESET (autovacuum_enabled)}.
   */
  public static String addKey(TableDef table) {
    requireKey(table);
    StringBuilder sql =
        new StringBuilder("ALTER TABLE ")
            .append(Identifiers.qualified(table.targetSchema(), table.targetTable()));
    for (String column : BulkLoad.LOAD_COLUMNS) {
      sql.append(" DROP COLUMN IF EXISTS ").append(Identifiers.quote(column)).append(',');
    }
    return sql.append(" ADD ")
        .append(keyConstraint(table))
        .append(", RESET (autovacuum_enabled)")
        .toString();
  }

  /** The key's columns as a table constraint lists them, quoted: {@code "a", "b"}. */
  public static String keyColumns(TableDef table) {
    requireKey(table);
    return keyColumnList(table);
  }

  /**
   * The name of the key {@link #addKey} builds: the identity UNIQUE constraint's, or the name
   * PostgreSQL gives a primary key, {@code <table>_pkey} with the table's name cut so that the
   * whole fits in 63 bytes.
   */
  public static String keyName(TableDef table) {
    if (table.rowIdentity().uniqueConstraint()) {
      return identityConstraint(table);
    }
    String base = table.targetTable();
    while ((base + "_pkey").getBytes(StandardCharsets.UTF_8).length
        > Identifiers.POSTGRES_MAX_BYTES) {
      base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
    }
    return base + "_pkey";
  }

  /**
   * Whether a table has its key already — one created with it by an earlier provisioning, or keyed
   * by an apply whose bookkeeping did not commit: $1 the table ({@link Identifiers#qualified}, read
   * as {@code regclass}), $2 {@link #uniqueKeyName} (null: any primary key counts).
   */
  public static final String HAS_KEY =
      """
      SELECT EXISTS (SELECT 1 FROM pg_constraint
                      WHERE conrelid = $1::regclass
                        AND CASE WHEN $2::text IS NULL THEN contype = 'p'
                                 ELSE contype = 'u' AND conname = $2 END)""";

  /**
   * The name {@link #HAS_KEY} looks for: the identity UNIQUE constraint's, null for a primary key.
   */
  public static String uniqueKeyName(TableDef table) {
    return table.rowIdentity().uniqueConstraint() ? identityConstraint(table) : null;
  }

  private static void requireKey(TableDef table) {
    if (table.keyColumns().isEmpty()) {
      throw new IllegalArgumentException("table " + table.qualifiedSourceName() + " has no key");
    }
  }

  /**
   * The name of the UNIQUE constraint that keys a table without a primary key: {@code
   * <table>_<columns>_key}, as finalize names the unique indexes it carries over (so it is not made
   * twice).
   */
  public static String identityConstraint(TableDef table) {
    return FinalizeStatementBuilder.name(
        table.targetTable()
            + "_"
            + String.join("_", table.keyColumns().stream().map(ColumnDef::targetName).toList())
            + "_key");
  }

  /** Adds the extra columns that follow {@code column}, and those that follow them, in order. */
  private static void addFollowing(
      List<String> parts, String column, TableExtras extras, Set<String> placed) {
    for (TableExtras.ExtraColumn extra : extras.extraColumns()) {
      if (column.equals(extra.after()) && placed.add(extra.name())) {
        parts.add(extraColumn(extra));
        addFollowing(parts, extra.name(), extras, placed);
      }
    }
  }

  private static String extraColumn(TableExtras.ExtraColumn extra) {
    return Identifiers.quote(extra.name())
        + " "
        + extra.sql()
        + (extra.defaultSql() == null ? "" : " DEFAULT " + extra.defaultSql());
  }

  /**
   * Creates an enum type unless a type of that name exists in its schema (a DO block, so it can be
   * run again like the other statements): {@code CREATE TYPE "schema"."name" AS ENUM ('a', 'b')}.
   * An existing type is left as it is.
   */
  public static String createEnum(EnumDef type) {
    return unlessExists(
        "CREATE TYPE "
            + type.targetSql()
            + " AS ENUM ("
            + type.labels().stream().map(Identifiers::literal).collect(Collectors.joining(", "))
            + ")");
  }

  /**
   * A statement that creates a type, as a {@code DO} block that leaves an existing one of that name
   * as it is ({@code duplicate_object}), so it can be run again like the other statements.
   */
  public static String unlessExists(String create) {
    String tag = "$tributary$";
    for (int i = 1; create.contains(tag); i++) {
      tag = "$tributary" + i + "$";
    }
    return "DO "
        + tag
        + " BEGIN "
        + create
        + "; EXCEPTION WHEN duplicate_object THEN NULL; END "
        + tag;
  }

  /**
   * All statements for a source of several target schemas: every schema first, then every enum
   * type, then every table, so a table may use an enum of another of the schemas (a PostgreSQL
   * source's enum goes to its own schema's target, which need not be the table's).
   *
   * @param schemas the target schemas, each created once, in order
   * @param enums the enum types, each in one of the schemas
   * @param tables the tables, each in one of the schemas
   */
  public static List<String> provisionSchemas(
      Collection<String> schemas, List<EnumDef> enums, List<TableDef> tables) {
    List<String> statements = new ArrayList<>();
    new LinkedHashSet<>(schemas).forEach(schema -> statements.add(createSchema(schema)));
    enums.forEach(type -> statements.add(createEnum(type)));
    for (TableDef table : TableOrder.parentsFirst(tables)) {
      statements.add(createTable(table));
      statements.addAll(createPartitions(table));
    }
    return statements;
  }

  /**
   * Everything provisioning runs for one source, in order: {@code CREATE EXTENSION vector}; each
   * schema with its roles ({@link SchemaRoleDdlBuilder#createSchema}); each schema's enum types,
   * created as its owner role; the rights its tables need on other schemas' enum types; each
   * schema's tables (with the plan's extras, by source table name), created as its owner role
   * ({@link SchemaRoleDdlBuilder#actAs}) — so a default or check of the plan is made, and later
   * evaluated, by a role that can read nothing of Tributary's —; then back to Tributary's role
   * ({@link SchemaRoleDdlBuilder#RESUME}). Meant for one transaction ({@code SET LOCAL}).
   */
  public static List<String> provisionIsolated(
      Collection<String> schemas,
      List<EnumDef> enums,
      List<TableDef> tables,
      Map<String, TableExtras> extras) {
    return provisionIsolated(schemas, enums, List.of(), tables, extras);
  }

  /**
   * As {@link #provisionIsolated(Collection, List, List, Map)}, with the statements that make the
   * source's other types (domains, composite and range types, which may use the enums) run after
   * the enums and before the tables.
   */
  public static List<String> provisionIsolated(
      Collection<String> schemas,
      List<EnumDef> enums,
      List<String> types,
      List<TableDef> tables,
      Map<String, TableExtras> extras) {
    Set<String> distinct = new LinkedHashSet<>(schemas);
    List<String> statements = new ArrayList<>();
    statements.add("CREATE EXTENSION IF NOT EXISTS vector");
    distinct.forEach(schema -> statements.addAll(SchemaRoleDdlBuilder.createSchema(schema)));
    for (String schema : distinct) {
      List<EnumDef> own = enums.stream().filter(e -> e.targetSchema().equals(schema)).toList();
      if (!own.isEmpty()) {
        statements.add(SchemaRoleDdlBuilder.actAs(schema));
        own.forEach(type -> statements.add(createEnum(type)));
        statements.add(SchemaRoleDdlBuilder.RESUME);
      }
    }
    statements.addAll(types);
    distinct.forEach(
        schema -> statements.addAll(SchemaRoleDdlBuilder.foreignTypes(schema, enums, tables)));
    for (String schema : distinct) {
      List<TableDef> own =
          TableOrder.parentsFirst(
              tables.stream().filter(t -> t.targetSchema().equals(schema)).toList());
      if (!own.isEmpty()) {
        statements.add(SchemaRoleDdlBuilder.actAs(schema));
        for (TableDef table : own) {
          statements.add(
              createTable(
                  table,
                  extras.getOrDefault(table.sourceTable(), TableExtras.NONE),
                  !BulkLoad.eligible(table)));
          statements.addAll(createPartitions(table));
        }
        statements.add(SchemaRoleDdlBuilder.RESUME);
      }
    }
    return statements;
  }

  /** All statements for one schema and its tables, in order. */
  public static List<String> provision(String schema, List<TableDef> tables) {
    return provision(schema, List.of(), tables);
  }

  /**
   * All statements for one schema: the schema, the enum types that go to it (others in the list are
   * skipped), then its tables.
   */
  public static List<String> provision(String schema, List<EnumDef> enums, List<TableDef> tables) {
    List<String> statements = new ArrayList<>();
    statements.add(createSchema(schema));
    for (EnumDef type : enums) {
      if (type.targetSchema().equals(schema)) {
        statements.add(createEnum(type));
      }
    }
    for (TableDef table : TableOrder.parentsFirst(tables)) {
      statements.add(createTable(table));
      statements.addAll(createPartitions(table));
    }
    return statements;
  }
}
