package io.tributary.common.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TargetType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The casting rules: a source value as captured (SQLite keeps whatever the application wrote, of
 * any type, in any column) turned into its target column's type, then decoded by {@link
 * ValueCodec}. Apply writes what this returns and the validator hashes the source through it, so
 * both agree on every cast. Values already in the envelope's canonical form (every PostgreSQL
 * source value) pass unchanged.
 *
 * <ul>
 *   <li><b>Key remapping</b> ({@code uuid5}): a column with {@link ColumnDef#remap()} holds {@code
 *       uuid5(remap, value as text)}, for the key column and every column that references it; a
 *       value that is a UUID already stays itself ({@link Uuid5#remap}).
 *   <li><b>Timestamps</b> ({@code timestamptz}, {@code timestamp}, {@code date}): ISO-8601 with
 *       {@code T} or a space, with or without seconds and fraction, with {@code Z}, {@code UTC},
 *       {@code GMT} or an offset ({@code +02}, {@code +0200}, {@code +02:00}); a date alone; RFC
 *       1123 ({@code Mon, 15 Jan 2024 10:30:00 GMT}); numbers (or digit strings) as Unix epoch
 *       seconds (magnitude below 10<sup>11</sup>) or milliseconds (from 10<sup>11</sup>), and
 *       Julian day numbers (SQLite's {@code julianday()}, 2,000,000 to 3,000,000 with a fraction).
 *       A value without a zone is UTC (SQLite's own date functions work in UTC); a value with a
 *       zone going to {@code timestamp} is converted to UTC. Day-first or month-first forms ({@code
 *       01/02/2024}) are ambiguous and refused.
 *   <li><b>Numbers stored as text</b> ({@code " 42 "}, {@code "3.5e2"}) for integer, real and
 *       numeric columns; an integer column refuses a fraction.
 *   <li><b>BLOBs</b>: 16 bytes into a {@code uuid} column, a multiple of 4 bytes into {@code
 *       vector}/{@code halfvec} (little-endian float32, as numpy and most embedding stores write
 *       them).
 *   <li>Everything else is {@link ValueCodec#decode(JsonNode, ColumnDef)}'s: UUID text in any case,
 *       JSON text for {@code json}/{@code jsonb} (malformed or truncated JSON refused), text
 *       without NUL bytes, booleans from 0/1/true/false/yes/no.
 * </ul>
 *
 * A value that still does not fit is refused with the reason ({@link ValueCastException}), or
 * becomes NULL when the column's policy is {@link InvalidPolicy#NULL} and it is not a key column.
 */
public final class SourceCasts {
  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
              + "(?:[Tt ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
              + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern AMBIGUOUS = Pattern.compile("\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}.*");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final DateTimeFormatter ISO_OUT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");
  private static final double EPOCH_MILLIS = 1e11;
  private static final double JULIAN_MIN = 2_000_000;
  private static final double JULIAN_MAX = 3_000_000;
  private static final double JULIAN_UNIX_EPOCH = 2_440_587.5;

  private SourceCasts() {}

  /**
   * The Java value of a column for a source value, after the casting rules and the column's
   * invalid-value policy.
   *
   * @throws ValueCastException when the value does not fit and the policy rejects it
   */
  public static Object decode(JsonNode node, ColumnDef column) {
    return underPolicy(column, () -> ValueCodec.decode(cast(node, column), column));
  }

  /** The cast's value, or NULL for a value refused when the column's policy says so. */
  private static Object underPolicy(ColumnDef column, Supplier<Object> cast) {
    try {
      return cast.get();
    } catch (ValueCastException e) {
      if (column.invalidPolicy() == InvalidPolicy.NULL && column.keyPosition() == 0) {
        return null;
      }
      throw e;
    }
  }

  /**
   * {@link #decode} of a value as a source reader gives it (JDBC's {@code String}, {@code Long},
   * {@code Double}, {@code byte[]}...), in its envelope form ({@link EnvelopeJson#node}) — except
   * two values every snapshot and checksum of a SQLite source reads by the million, cast straight
   * to the same result (RowDecoderParityTest): a BLOB for a {@code vector} column, read as float32
   * from its bytes (the same checks and errors, without printing 1.5 KB of base64 and a JSON array
   * of 384 numbers for every embedding), and ISO-8601 text for a {@code timestamptz} column (read
   * once, not printed canonically and read again; any other form, or a value refused, takes the
   * envelope path, which says why). Text a reader kept as its UTF-8 bytes ({@link Utf8Text}) is the
   * value of a column that takes text unchanged ({@link #takesTextUnchanged}) as it is, and is read
   * as its String for any other column.
   */
  public static Object decodeSource(Object value, ColumnDef column) {
    if (value instanceof Utf8Text text) {
      if (takesTextUnchanged(column)) {
        return text; // well-formed, no NUL: the String's cast would give it back unchanged
      }
      value = text.toString();
    }
    if (column.remap() == null) {
      if (value instanceof String text && column.targetType() == TargetType.TIMESTAMPTZ) {
        OffsetDateTime fast = TimestampValues.timestamptzFromIso(text, column);
        if (fast != null) {
          return fast;
        }
      } else if (value instanceof byte[] bytes && column.targetType() == TargetType.VECTOR) {
        return underPolicy(
            column,
            () -> {
              float[] floats = float32(bytes, column);
              VectorValues.checkDimensions(floats.length, column, "vector");
              return floats;
            });
      }
    }
    return decode(EnvelopeJson.node(value, column), column);
  }

  /**
   * Whether {@code column} takes a text value unchanged: a {@code text} column (no {@code
   * varchar(n)} or {@code char(n)} length to check or pad to) whose values are not remapped. Its
   * value for text that is well-formed UTF-8 without NUL is that very text, so a reader may keep
   * such text as its bytes ({@link Utf8Text}) and the {@code COPY} field is those bytes.
   */
  public static boolean takesTextUnchanged(ColumnDef column) {
    return column.remap() == null
        && column.targetType() == TargetType.TEXT
        && ScalarValues.unbounded(column);
  }

  /** The source value in the envelope form of the column's target type (see class comment). */
  public static JsonNode cast(JsonNode node, ColumnDef column) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return node;
    }
    UUID remap = column.remap();
    if (remap != null) {
      if (node.isContainerNode()) {
        throw new ValueCastException(
            "a key to remap must be text or a number, not " + describe(node));
      }
      String name = node.isNumber() ? numberText(node) : node.asText();
      return TextNode.valueOf(Uuid5.remap(remap, name).toString());
    }
    return switch (column.targetType()) {
      case TIMESTAMPTZ, TIMESTAMP, DATE -> temporal(node, column);
      case BIGINT, INTEGER, SMALLINT -> integer(node);
      case DOUBLE, REAL, NUMERIC -> real(node);
      case UUID -> uuid(node);
      case VECTOR, HALFVEC -> vector(node, column);
      default -> node;
    };
  }

  private static JsonNode temporal(JsonNode node, ColumnDef column) {
    OffsetDateTime instant;
    if (node.isNumber()) {
      instant = fromNumber(node.decimalValue(), node.asText());
    } else if (node.isTextual()) {
      String text = node.textValue().strip();
      instant = isoForm(text);
      if (instant != null) {
        // the common form, read first: it is never a number
      } else if (NUMBER.matcher(text).matches()) {
        instant = fromNumber(new BigDecimal(text), text);
      } else {
        instant = fromTextByPattern(text);
        if (instant == null) {
          return node; // canonical or special forms (infinity, BC): ValueCodec decides
        }
      }
    } else {
      return node;
    }
    LocalDateTime utc = instant.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    return switch (column.targetType()) {
      case TIMESTAMPTZ -> TextNode.valueOf(isoOut(utc) + "Z");
      case TIMESTAMP -> TextNode.valueOf(isoOut(utc));
      default -> {
        if (!utc.toLocalTime().equals(LocalTime.MIDNIGHT)) {
          throw new ValueCastException(
              "'" + Abbreviation.of(node.asText()) + "' has a time of day; a date column has none");
        }
        yield TextNode.valueOf(utc.toLocalDate().toString());
      }
    };
  }

  /**
   * {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS} ({@link #ISO_OUT}), written directly for years 0 to
   * 9999.
   */
  static String isoOut(LocalDateTime t) {
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return ISO_OUT.format(t);
    }
    char[] out = new char[29];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, t.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, t.getHour(), 2);
    out[13] = ':';
    digits(out, 14, t.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, t.getSecond(), 2);
    out[19] = '.';
    digits(out, 20, t.getNano(), 9);
    return new String(out);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static OffsetDateTime fromNumber(BigDecimal value, String original) {
    double magnitude = Math.abs(value.doubleValue());
    try {
      if (magnitude >= JULIAN_MIN && magnitude < JULIAN_MAX && value.scale() > 0) {
        BigDecimal micros =
            value
                .subtract(BigDecimal.valueOf(JULIAN_UNIX_EPOCH))
                .multiply(BigDecimal.valueOf(86_400_000_000L))
                .setScale(0, RoundingMode.HALF_EVEN);
        return microsToUtc(micros.longValueExact());
      }
      BigDecimal micros =
          value
              .multiply(BigDecimal.valueOf(magnitude >= EPOCH_MILLIS ? 1_000L : 1_000_000L))
              .setScale(0, RoundingMode.HALF_EVEN);
      return microsToUtc(micros.longValueExact());
    } catch (ArithmeticException | DateTimeException e) {
      throw new ValueCastException(
          "'" + Abbreviation.of(original) + "' is out of range as an epoch timestamp");
    }
  }

  private static OffsetDateTime microsToUtc(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
        .atOffset(ZoneOffset.UTC);
  }

  /** A timestamp in one of the accepted text forms; null when the text is in none of them. */
  /**
   * A date and time written as text, with UTC where no offset is written; null for forms left to
   * {@link ValueCodec}. The common ISO form is read without the pattern ({@link IsoDateTime}).
   */
  static OffsetDateTime fromText(String text) {
    OffsetDateTime iso = isoForm(text);
    return iso != null ? iso : fromTextByPattern(text);
  }

  /** The common ISO form read without the pattern, null for every other text. */
  private static OffsetDateTime isoForm(String text) {
    IsoDateTime iso = IsoDateTime.parse(text);
    if (iso == null || iso.fractionDigits() > 9) {
      return null;
    }
    return iso.local().atOffset(iso.offset() == null ? ZoneOffset.UTC : iso.offset());
  }

  /** {@link #fromText} read by the patterns that take every accepted form. */
  static OffsetDateTime fromTextByPattern(String text) {
    Matcher m = ISO.matcher(text);
    if (m.matches()) {
      try {
        LocalDateTime local =
            LocalDateTime.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                m.group(7) == null
                    ? 0
                    : Integer.parseInt((m.group(7) + "00000000").substring(0, 9)));
        return local.atOffset(offset(m.group(8), text));
      } catch (DateTimeException e) {
        throw new ValueCastException(
            "'" + Abbreviation.of(text) + "' is not a valid date and time: " + e.getMessage());
      }
    }
    if (!text.isEmpty() && Character.isLetter(text.charAt(0)) && text.contains(",")) {
      try {
        return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime();
      } catch (DateTimeParseException e) {
        throw new ValueCastException(
            "'" + Abbreviation.of(text) + "' is not an RFC 1123 date: " + e.getMessage());
      }
    }
    if (AMBIGUOUS.matcher(text).matches()) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(text)
              + "' is ambiguous (day-first or month-first?); write it as ISO-8601, or give the"
              + " column a text type in the plan");
    }
    return null;
  }

  private static ZoneOffset offset(String zone, String text) {
    if (zone == null || zone.equalsIgnoreCase("z") || zone.equals("UTC") || zone.equals("GMT")) {
      return ZoneOffset.UTC;
    }
    String digits = zone.replace(":", "");
    String normalized =
        digits.length() == 3 ? digits + ":00" : digits.substring(0, 3) + ":" + digits.substring(3);
    try {
      return ZoneOffset.of(normalized);
    } catch (DateTimeException e) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' has an invalid UTC offset: " + e.getMessage());
    }
  }

  private static JsonNode integer(JsonNode node) {
    if (!node.isTextual()) {
      return node;
    }
    String text = node.textValue().strip();
    if (!NUMBER.matcher(text).matches()) {
      return node;
    }
    BigDecimal value = new BigDecimal(text);
    try {
      return LongNode.valueOf(value.stripTrailingZeros().longValueExact());
    } catch (ArithmeticException e) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not an integer");
    }
  }

  private static JsonNode real(JsonNode node) {
    if (!node.isTextual()) {
      return node;
    }
    String text = node.textValue().strip();
    return NUMBER.matcher(text).matches() ? DecimalNode.valueOf(new BigDecimal(text)) : node;
  }

  private static JsonNode uuid(JsonNode node) {
    byte[] bytes = binary(node);
    if (bytes == null) {
      return node;
    }
    if (bytes.length != 16) {
      throw new ValueCastException("a BLOB of " + bytes.length + " bytes is not a UUID (16 bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return TextNode.valueOf(new UUID(b.getLong(), b.getLong()).toString());
  }

  private static JsonNode vector(JsonNode node, ColumnDef column) {
    byte[] bytes = binary(node);
    if (bytes == null) {
      return node;
    }
    float[] floats = float32(bytes, column);
    ArrayNode array = JsonNodeFactory.instance.arrayNode(floats.length);
    for (float f : floats) {
      array.add(f);
    }
    return array;
  }

  /** A BLOB's little-endian float32 values, each finite. */
  private static float[] float32(byte[] bytes, ColumnDef column) {
    if (bytes.length % 4 != 0) {
      throw new ValueCastException(
          "a BLOB of "
              + bytes.length
              + " bytes is not a float32 vector (its length is not a multiple of 4)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] floats = new float[bytes.length / 4];
    for (int i = 0; i < floats.length; i++) {
      float f = b.getFloat();
      if (!Float.isFinite(f)) {
        throw new ValueCastException(
            column.targetSql() + " element " + (i + 1) + " is " + f + ", not a finite number");
      }
      floats[i] = f;
    }
    return floats;
  }

  /** The bytes of a BLOB value ({@code {"$binary": base64}}), null for any other value. */
  private static byte[] binary(JsonNode node) {
    if (node.isObject() && node.size() == 1 && node.path(ValueCodec.BINARY_FIELD).isTextual()) {
      return Base64.getDecoder().decode(node.get(ValueCodec.BINARY_FIELD).textValue());
    }
    return null;
  }

  private static String numberText(JsonNode node) {
    return node.isIntegralNumber()
        ? node.bigIntegerValue().toString()
        : node.decimalValue().stripTrailingZeros().toPlainString();
  }

  private static String describe(JsonNode node) {
    return "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
