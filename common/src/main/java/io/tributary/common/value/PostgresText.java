package io.tributary.common.value;

import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * PostgreSQL's text form of column values, both ways: {@link #render} writes the input form of a
 * value (what apply binds for types that go as text, see {@link
 * io.tributary.common.sql.UpsertStatementBuilder}), {@link #parse} reads PostgreSQL's output form
 * ({@code SELECT col::text}, DateStyle ISO, bytea_output hex) into the same Java value that {@link
 * ValueCodec#decode} gives, for checksums of rows read as text.
 */
public final class PostgresText {
  private PostgresText() {}

  /**
   * The PostgreSQL input text of a value of a column (the value as {@link ValueCodec#decode}
   * returns it); null for null.
   *
   * @throws IllegalArgumentException when the value is not a Java value of the column's type
   */
  public static String render(Object value, ColumnDef column) {
    if (value == null) {
      return null;
    }
    return switch (column.targetType()) {
      case ARRAY -> {
        if (!(value instanceof List<?> list)) {
          throw wrong(value, column);
        }
        ColumnDef element = column.element();
        yield ArrayValues.literal(list, column, item -> render(item, element));
      }
      case JSON, JSONB -> {
        if (!(value instanceof JsonText json)) {
          throw wrong(value, column);
        }
        yield json.text();
      }
      case VECTOR, HALFVEC -> {
        if (!(value instanceof float[] vector)) {
          throw wrong(value, column);
        }
        yield VectorValues.text(vector);
      }
      case SPARSEVEC -> {
        if (!(value instanceof SparseVector sparse)) {
          throw wrong(value, column);
        }
        yield sparse.text();
      }
      default -> scalar(value, column);
    };
  }

  private static String scalar(Object value, ColumnDef column) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return value.toString();
    }
    if (value instanceof Double d) {
      return specialOrNumber(d);
    }
    if (value instanceof Float f) {
      return VectorValues.floatText(f);
    }
    if (value instanceof BigDecimal d) {
      return d.toString();
    }
    if (value instanceof Boolean b) {
      return b ? "t" : "f";
    }
    if (value instanceof UUID u) {
      return u.toString();
    }
    if (value instanceof byte[] bytes) {
      return ScalarValues.byteaHex(bytes);
    }
    if (value instanceof LocalDate d) {
      return TemporalText.pgDate(d);
    }
    if (value instanceof LocalTime t) {
      return TemporalText.pgTime(t);
    }
    if (value instanceof LocalDateTime t) {
      return TemporalText.pgTimestamp(t);
    }
    if (value instanceof OffsetDateTime t) {
      return TemporalText.pgTimestamptz(t);
    }
    throw wrong(value, column);
  }

  private static String specialOrNumber(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return Double.toString(d);
  }

  /**
   * The value of PostgreSQL's output text of a column value (as {@code SELECT col::text} gives it);
   * null for null.
   *
   * @throws ValueCastException when the text is not a value of the column's type
   */
  public static Object parse(String text, ColumnDef column) {
    if (text == null) {
      return null;
    }
    return switch (column.targetType()) {
      case BIGINT -> parseNumber(text, "bigint", Long::valueOf);
      case INTEGER -> parseNumber(text, "integer", Integer::valueOf);
      case SMALLINT -> parseNumber(text, "smallint", Short::valueOf);
      case DOUBLE -> parseNumber(text, "double precision", Double::valueOf);
      case REAL -> parseNumber(text, "real", Float::valueOf);
      case BYTEA -> ScalarValues.parseByteaHex(text);
      case ENUM, TEXT_FORM -> text;
      // TEXT goes through decode: a character(n) value read as ::text has lost its padding
      case ARRAY -> {
        ColumnDef element = column.element();
        yield ArrayValues.parse(text, item -> parse(item, element));
      }
      // text too: a character(n) value read as ::text has lost its padding, decode restores it
      default -> ValueCodec.decode(TextNode.valueOf(text), column);
    };
  }

  private static Object parseNumber(String text, String type, Function<String, Object> parser) {
    try {
      return parser.apply(text.strip());
    } catch (NumberFormatException e) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not a " + type);
    }
  }

  private static IllegalArgumentException wrong(Object value, ColumnDef column) {
    return new IllegalArgumentException(
        "a "
            + value.getClass().getSimpleName()
            + " is not a value of "
            + column.targetSql()
            + " (column "
            + column.name()
            + ")");
  }
}
