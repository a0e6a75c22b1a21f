package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.catalog.TypeSpelling;
import io.tributary.common.sql.BulkLoad;
import io.tributary.source.postgres.catalog.PostgresColumnTypes.ColumnType;
import io.tributary.source.postgres.catalog.PostgresType;
import io.tributary.source.postgres.catalog.PostgresTypeMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * How each column of a table goes from the source's binary {@code COPY} form into a snapshot chunk,
 * decided from its recorded {@link ColumnDef} and the source's current type: its bytes as they are
 * ({@link Treatment#RAW}), its bytes with an array's element type replaced by the target's ({@link
 * Treatment#PATCH}), its text form read in SQL and sent as text ({@link Treatment#TEXT}), or its
 * text form parsed, cast as apply casts and encoded ({@link Treatment#TRANSFORM}). A keyed table
 * whose identity columns do not all pass unchanged also reads them as text, after the columns, for
 * the record key its rows carry.
 *
 * @param table the table
 * @param columns each column's plan, in catalog order
 * @param keyText whether the identity columns are read once more, as text, for the record key
 */
public record PassthroughPlan(TableDef table, List<ColumnPlan> columns, boolean keyText) {
  public PassthroughPlan {
    columns = List.copyOf(columns);
  }

  /** How one column is read and repacked. */
  public enum Treatment {
    /** The source's bytes are the target's. */
    RAW,
    /** An array whose element type's oid differs in the target: the bytes with the target's. */
    PATCH,
    /** A type the target holds as text: read as {@code ::text}, its text the value. */
    TEXT,
    /** Read as {@code ::text}, parsed as the source type, cast to the target column, encoded. */
    TRANSFORM
  }

  /**
   * One column's plan.
   *
   * @param column the recorded column
   * @param treatment how it is read and repacked
   * @param source the column as the source holds it (its mapped type), for parsing its text: for
   *     {@link Treatment#TRANSFORM} and for the record key; the recorded column otherwise
   * @param elementOid for {@link Treatment#PATCH}: the target's oid of the element type, else 0
   */
  public record ColumnPlan(
      ColumnDef column, Treatment treatment, ColumnDef source, long elementOid) {
    /** Whether the column is read as text ({@code ::text}). */
    public boolean readAsText() {
      return treatment == Treatment.TEXT || treatment == Treatment.TRANSFORM;
    }
  }

  /**
   * The plan of a table.
   *
   * @param sourceTypes the source's current type of each column, by name
   * @param withKeys whether the table's rows carry their record key ({@code _tributary_key})
   * @param targetTypeOid the target database's oid of a type, by its spelling ({@code
   *     "app"."mood"}, {@code vector(3)}), for the arrays that are patched
   * @throws IllegalArgumentException when a column is missing from the source, or must be cast to a
   *     target type that has no binary {@code COPY} form yet
   */
  public static PassthroughPlan of(
      TableDef table,
      Map<String, ColumnType> sourceTypes,
      boolean withKeys,
      ToLongFunction<String> targetTypeOid) {
    List<ColumnPlan> plans = new ArrayList<>();
    for (ColumnDef column : table.columns()) {
      ColumnType type = sourceTypes.get(column.name());
      if (type == null) {
        throw new IllegalArgumentException(
            "column "
                + column.name()
                + " of "
                + table.qualifiedSourceName()
                + " is not in the source");
      }
      plans.add(plan(column, type, targetTypeOid));
    }
    boolean keyText =
        withKeys
            && table.identityColumns().stream()
                .anyMatch(c -> plans.get(table.columns().indexOf(c)).treatment() != Treatment.RAW);
    return new PassthroughPlan(table, plans, keyText);
  }

  private static ColumnPlan plan(
      ColumnDef column, ColumnType type, ToLongFunction<String> targetTypeOid) {
    PostgresTypeMapper.Mapping mapping =
        PostgresTypeMapper.map(type.type(), type.typmod(), PostgresType::schema);
    ColumnDef source =
        column
            .withRules(column.targetName(), null, null)
            .withTarget(mapping.type(), sourceSpelling(mapping, column), mapping.elementType());
    boolean rules = column.remap() != null || column.invalid() != null;
    // held as text in the target: for lack of a type, or recorded before its type was kept
    if (mapping.fallback() != null
        || (mapping.type() == TargetType.TEXT_FORM && column.targetType() == TargetType.TEXT)) {
      boolean asText = !rules && column.targetType() == TargetType.TEXT;
      return new ColumnPlan(column, asText ? Treatment.TEXT : transform(column), source, 0);
    }
    if (rules || !sameTarget(mapping, column)) {
      return new ColumnPlan(column, transform(column), source, 0);
    }
    PostgresType array = resolved(type.type());
    if (array.isArray() && array.element().oid() >= PostgresType.FIRST_NORMAL_OID) {
      long oid = targetTypeOid.applyAsLong(TypeSpelling.elementOf(column.targetSql()));
      return new ColumnPlan(column, Treatment.PATCH, column, oid);
    }
    return new ColumnPlan(column, Treatment.RAW, column, 0);
  }

  /**
   * The spelling of the source-mapped column: a user-defined type's own target spelling (an enum, a
   * domain, a composite or range type: its schema is the source's in the mapping here).
   */
  private static String sourceSpelling(PostgresTypeMapper.Mapping mapping, ColumnDef column) {
    return mapping.userType() != null && mapping.type() == column.targetType()
        ? column.targetSql()
        : mapping.targetSql();
  }

  private static Treatment transform(ColumnDef column) {
    if (!BulkLoad.BINARY_TYPES.contains(column.targetType())) {
      throw new IllegalArgumentException(
          "column "
              + column.name()
              + " must be cast to "
              + column.targetSql()
              + ", which has no binary COPY form yet");
    }
    return Treatment.TRANSFORM;
  }

  /**
   * Whether the source's type is the recorded target's: the same type and spelling (a user-defined
   * type's schema aside: an enum's values travel as their labels, a domain's as its base type's, a
   * composite or range type's binary form does not name it).
   */
  private static boolean sameTarget(PostgresTypeMapper.Mapping mapping, ColumnDef column) {
    if (mapping.type() != column.targetType()
        || !Objects.equals(mapping.elementType(), column.elementType())) {
      return false;
    }
    return mapping.userType() != null || mapping.targetSql().equals(column.targetSql());
  }

  /** A type with its domains resolved to their base types. */
  private static PostgresType resolved(PostgresType type) {
    PostgresType t = type;
    while (t.kind() == 'd' && t.base() != null) {
      t = t.base();
    }
    return t;
  }

  /** The plans of the columns read as text for the record key, in identity order. */
  public List<ColumnPlan> keyColumns() {
    return keyText
        ? table.identityColumns().stream()
            .map(c -> columns.get(table.columns().indexOf(c)))
            .toList()
        : List.of();
  }
}
