package io.tributary.validator.pgtable;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.sql.ColumnBinding;
import io.tributary.common.sql.UpsertStatementBuilder;
import io.tributary.common.value.PostgresText;
import io.tributary.common.value.PostgresVectorBinary;
import io.tributary.common.value.ValueCastException;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Turns the values the Vert.x PostgreSQL client reads from a target table ({@link
 * UpsertStatementBuilder#selectAll}) into common's Java value of each column (see {@link
 * TargetType}), the same values {@link io.tributary.common.value.ValueCodec#decode} gives for the
 * source side, so the same data has the same canonical form on both sides:
 *
 * <ul>
 *   <li>integers to Short/Integer/Long, reals to Float/Double, text to String, bytea ({@link
 *       Buffer}) to byte[], boolean, uuid, date, time and timestamp as read, timestamptz to UTC;
 *   <li>vectors, which {@code selectAll} reads in pgvector's binary form, with {@link
 *       PostgresVectorBinary} (their text is still accepted);
 *   <li>columns that {@code selectAll} reads as text (numeric, json, jsonb, halfvec, sparsevec,
 *       enums, arrays: see {@link ColumnBinding#selectExpression}) are parsed from PostgreSQL's
 *       text form with {@link PostgresText#parse}; a Vert.x {@link Numeric} (read without the text
 *       cast) is still accepted, its NaN being Double.NaN as in common.
 * </ul>
 *
 * Null stays null.
 */
final class PostgresValueConverter {

  private PostgresValueConverter() {}

  /** A row's values in the order of the columns selected (the catalog order). */
  public static List<Object> row(Row row, List<ColumnDef> columns) {
    List<Object> values = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      values.add(convert(row.getValue(i), columns.get(i)));
    }
    return values;
  }

  /**
   * One value of a column.
   *
   * @throws IllegalArgumentException when the target column holds values of another type than
   *     recorded, naming the column
   */
  public static Object convert(Object value, ColumnDef column) {
    try {
      return convertValue(value, column);
    } catch (IllegalArgumentException | ValueCastException e) {
      throw new IllegalArgumentException(
          "target column " + column.targetName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * One value of a target type of the plain spelling (enums and arrays need their column).
   *
   * @throws IllegalArgumentException when the value is not one of the type
   */
  public static Object convert(Object value, TargetType type) {
    return convertValue(value, ColumnDef.plain(type, "use convert(value, column)"));
  }

  private static Object convertValue(Object value, ColumnDef column) {
    if (value == null) {
      return null;
    }
    if (value instanceof String text && ColumnBinding.bindsAsText(column)) {
      return PostgresText.parse(text, column);
    }
    if (column.targetType() == TargetType.VECTOR && !(value instanceof String)) {
      return PostgresVectorBinary.decode(toBytes(value, column), column);
    }
    return switch (column.targetType()) {
      case BIGINT -> toLong(value, column);
      case INTEGER -> toInteger(value, column);
      case SMALLINT -> toShort(value, column);
      case DOUBLE -> toDouble(value, column);
      case REAL -> expect(value, Float.class, column);
      case TEXT -> expect(value, String.class, column);
      case BYTEA -> toBytes(value, column);
      case NUMERIC -> toDecimal(value, column);
      case BOOLEAN -> expect(value, Boolean.class, column);
      case UUID -> expect(value, UUID.class, column);
      case DATE -> expect(value, LocalDate.class, column);
      case TIME -> expect(value, LocalTime.class, column);
      case TIMESTAMP -> expect(value, LocalDateTime.class, column);
      case TIMESTAMPTZ -> toUtc(expect(value, OffsetDateTime.class, column));
      case ARRAY -> toList(value, column);
      case JSON, JSONB, VECTOR, HALFVEC, SPARSEVEC, ENUM, TEXT_FORM ->
          throw unexpected(value, column);
    };
  }

  private static Long toLong(Object value, ColumnDef column) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Integer || value instanceof Short) {
      return ((Number) value).longValue();
    }
    throw unexpected(value, column);
  }

  private static Integer toInteger(Object value, ColumnDef column) {
    if (value instanceof Integer i) {
      return i;
    }
    if (value instanceof Short s) {
      return s.intValue();
    }
    throw unexpected(value, column);
  }

  private static Short toShort(Object value, ColumnDef column) {
    return expect(value, Short.class, column);
  }

  private static Double toDouble(Object value, ColumnDef column) {
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    throw unexpected(value, column);
  }

  private static byte[] toBytes(Object value, ColumnDef column) {
    if (value instanceof Buffer b) {
      return b.getBytes();
    }
    if (value instanceof io.vertx.mutiny.core.buffer.Buffer b) {
      return b.getBytes();
    }
    if (value instanceof byte[] b) {
      return b;
    }
    throw unexpected(value, column);
  }

  private static Object toDecimal(Object value, ColumnDef column) {
    if (value instanceof Numeric n) {
      BigDecimal decimal = n.bigDecimalValue();
      return decimal != null ? decimal : Double.NaN;
    }
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    throw unexpected(value, column);
  }

  private static OffsetDateTime toUtc(OffsetDateTime value) {
    if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
      return value;
    }
    return value.getOffset().equals(ZoneOffset.UTC)
        ? value
        : value.withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** A one-dimensional array the client decoded itself (read without the text cast). */
  private static List<Object> toList(Object value, ColumnDef column) {
    if (!(value instanceof Object[] array)) {
      throw unexpected(value, column);
    }
    ColumnDef element = column.element();
    List<Object> list = new ArrayList<>(array.length);
    for (Object item : Arrays.asList(array)) {
      list.add(convertValue(item, element));
    }
    return list;
  }

  private static <T> T expect(Object value, Class<T> type, ColumnDef column) {
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    throw unexpected(value, column);
  }

  private static IllegalArgumentException unexpected(Object value, ColumnDef column) {
    return new IllegalArgumentException(
        "expected a "
            + column.targetSql()
            + " value but read a "
            + value.getClass().getSimpleName());
  }
}
