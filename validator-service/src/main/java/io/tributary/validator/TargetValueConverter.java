package io.tributary.validator;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.sql.TargetType;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the values the Vert.x PostgreSQL client reads into common's Java value of each target type
 * (see {@link TargetType}): {@code bigint} to Long, {@code double precision} to Double, {@code
 * text} to String, {@code bytea} ({@link Buffer}) to byte[], {@code numeric} ({@link Numeric}) to
 * BigDecimal; null stays null. The same value then has the same canonical form on both sides.
 */
public final class TargetValueConverter {
  private TargetValueConverter() {}

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
      return convert(value, column.targetType());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "target column " + column.targetName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * One value of a target type.
   *
   * @throws IllegalArgumentException when the value is not one of the type
   */
  public static Object convert(Object value, TargetType type) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case BIGINT -> toLong(value);
      case DOUBLE -> toDouble(value);
      case TEXT -> toText(value);
      case BYTEA -> toBytes(value);
      case NUMERIC -> toDecimal(value);
    };
  }

  private static Long toLong(Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Integer || value instanceof Short) {
      return ((Number) value).longValue();
    }
    throw unexpected(value, TargetType.BIGINT);
  }

  private static Double toDouble(Object value) {
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    throw unexpected(value, TargetType.DOUBLE);
  }

  private static String toText(Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw unexpected(value, TargetType.TEXT);
  }

  private static byte[] toBytes(Object value) {
    if (value instanceof Buffer b) {
      return b.getBytes();
    }
    if (value instanceof io.vertx.mutiny.core.buffer.Buffer b) {
      return b.getBytes();
    }
    if (value instanceof byte[] b) {
      return b;
    }
    throw unexpected(value, TargetType.BYTEA);
  }

  private static Object toDecimal(Object value) {
    if (value instanceof Numeric n) {
      BigDecimal decimal = n.bigDecimalValue();
      // numeric 'NaN' has no BigDecimal; a source value never decodes to it, so it must differ
      return decimal != null ? decimal : "NaN";
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
    throw unexpected(value, TargetType.NUMERIC);
  }

  private static IllegalArgumentException unexpected(Object value, TargetType type) {
    return new IllegalArgumentException(
        "expected a " + type.sql() + " value but read a " + value.getClass().getSimpleName());
  }
}
