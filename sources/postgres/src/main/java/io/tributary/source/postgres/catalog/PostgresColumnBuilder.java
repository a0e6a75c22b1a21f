package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IdentityKind;
import io.tributary.common.catalog.PostgresSequence;
import io.tributary.common.sql.TableExtras;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a PostgreSQL source column's {@link ColumnDef} from its catalog row: its target type
 * ({@link PostgresTypeMapper}, enums re-created in the target), identity or serial, and the default
 * carried over ({@link PostgresColumnDefaults}, free-standing sequences recorded), noting what the
 * target does differently in the read's warnings.
 */
final class PostgresColumnBuilder {
  private final Map<String, String> schemas;
  private final PostgresTypeReader types;
  private final PostgresSequenceReader sequences;
  private final List<String> warnings;

  /**
   * @param schemas source schema to target schema
   * @param types the read's types
   * @param sequences the read's sequences
   * @param warnings the read's warnings, added to
   */
  PostgresColumnBuilder(
      Map<String, String> schemas,
      PostgresTypeReader types,
      PostgresSequenceReader sequences,
      List<String> warnings) {
    this.schemas = schemas;
    this.types = types;
    this.sequences = sequences;
    this.warnings = warnings;
  }

  /** The column of a row, at {@code keyPosition} in its table's primary key (0: not in it). */
  ColumnDef column(PostgresColumnRow row, int keyPosition) throws SQLException {
    String tableTarget = schemas.get(row.schema());
    PostgresType type = types.type(row.typeOid());
    List<SQLException> failures = new ArrayList<>();
    PostgresTypeMapper.Mapping mapping =
        PostgresTypeMapper.map(type, row.typmod(), types.targets(tableTarget, warnings, failures));
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    String where = row.schema() + "." + row.table() + "." + row.column();
    if (mapping.fallback() != null) {
      warnings.add("column " + where + ": " + mapping.fallback());
    }
    String altered = BuiltinTextForms.alteredByCapture(resolvedName(type));
    if (altered != null) {
      warnings.add("column " + where + ": " + altered);
    }
    if (!row.generated().isEmpty() && !keptGenerated(row)) {
      warnings.add(
          "column "
              + where
              + " is a generated column calling functions of the source's own; the target column"
              + " is a plain one holding the source's values");
    }
    IdentityKind identity =
        switch (row.identity()) {
          case "a" -> IdentityKind.ALWAYS;
          case "d" -> IdentityKind.BY_DEFAULT;
          default -> row.ownsSequence() ? IdentityKind.SERIAL : null;
        };
    ColumnDef column =
        new ColumnDef(
            row.column(),
            row.sourceType(),
            row.column(),
            mapping.type(),
            keyPosition,
            !row.notNull(),
            mapping.targetSql(),
            mapping.elementType(),
            identity);
    if (row.defaultSql() == null || row.defaultSql().isBlank() || identity != null) {
      return column;
    }
    return column.withSourceDefault(sourceDefault(row, type, column, where));
  }

  /** The default carried over for a column with a default that is not an identity's. */
  private String sourceDefault(
      PostgresColumnRow row, PostgresType type, ColumnDef column, String where)
      throws SQLException {
    if (row.defaultUsesRelation()
        && row.defaultSequence() != null
        && PostgresSequence.isNextval(row.defaultSql())) {
      PostgresSequence sequence = sequences.sequence(row.defaultSequence());
      if (sequence != null) {
        return sequence.nextvalDefault();
      }
    }
    String expression =
        PostgresColumnDefaults.carriedDefault(
            row.defaultSql(),
            row.defaultUsesRelation(),
            row.defaultTypes(),
            ownTypes(type),
            row.sourceType(),
            column,
            problem -> warnings.add("column " + where + ": " + problem));
    if (expression != null && !row.defaultFunctions().isEmpty()) {
      warnings.add(
          "column "
              + where
              + ": its default calls "
              + String.join(", ", row.defaultFunctions())
              + ", which the target database must have for finalize to set it");
    }
    return expression;
  }

  /** The type itself, its element type (arrays) and base type (domains), as oids. */
  private static Set<Long> ownTypes(PostgresType type) {
    Set<Long> own = new HashSet<>();
    for (PostgresType t = type; t != null; t = t.element() != null ? t.element() : t.base()) {
      own.add(t.oid());
    }
    return own;
  }

  /** The name of the built-in type under a column's domains and arrays. */
  private static String resolvedName(PostgresType type) {
    PostgresType t = type;
    while (t.element() != null || t.base() != null) {
      t = t.element() != null ? t.element() : t.base();
    }
    return "pg_catalog".equals(t.schema()) ? t.name() : "";
  }

  /**
   * Whether a generated column is made generated in the target (its expression calls only built-in
   * functions, which exist there when the table is made): then apply never writes it.
   */
  static boolean keptGenerated(PostgresColumnRow row) {
    return !row.generated().isEmpty() && row.generatedSql() != null && !row.callsUserFunctions();
  }

  /**
   * A generated column as the target makes it: its type, {@code NOT NULL} when declared, and {@code
   * GENERATED ALWAYS AS (expression) STORED}, after the column it follows.
   */
  static TableExtras.ExtraColumn generated(PostgresColumnRow row, ColumnDef column, String after) {
    return new TableExtras.ExtraColumn(
        column.targetName(),
        column.targetSql()
            + (row.notNull() ? " NOT NULL" : "")
            + " GENERATED ALWAYS AS ("
            + row.generatedSql()
            + ") STORED",
        null,
        after);
  }
}
