package io.tributary.common.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.copy.CopyBinaryEncoder;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.EnvelopeWriter;
import io.tributary.common.event.Op;
import io.tributary.common.event.SourceInfo;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Capture casts snapshot rows straight from the source's values ({@link RowDecoder#fromSource});
 * apply casts the envelope capture printed of them ({@link RowDecoder#row}). Every value of a
 * corpus of what real sources hold, into every column type, gives the same target value or the same
 * reason on both paths: moving the cast into capture changes nothing a user sees.
 */
class RowDecoderParityTest {
  private static final UUID NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  private static final List<Object> VALUES =
      Arrays.asList(
          null,
          0L,
          1L,
          42L,
          -7L,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          1_700_000_000L,
          1_700_000_000_123L,
          32768L,
          3.5,
          -0.0,
          1e300,
          2_460_000.5,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          0.1 + 0.2,
          "",
          " 42 ",
          "3.5e2",
          "12.50",
          "true",
          "no",
          "hello",
          "text\u0000with NUL",
          "2024-01-15",
          "2024-01-15 10:30:00",
          "2024-01-15T10:30:00.123456Z",
          "2024-01-15T10:30:00+02:00",
          " 2024-01-15T10:30:00.1234567-05:30 ",
          "2024-12-31T23:30:00-01:00",
          "9999-12-31T23:59:59.9999999Z",
          "0001-01-01T00:30:00+01:00",
          "2024-01-15T10:30:00.1234567891Z",
          "2024-02-30T10:30:00Z",
          "2024-01-15 10:30",
          "Mon, 15 Jan 2024 10:30:00 GMT",
          "01/02/2024",
          "10:30:00",
          "0e8400e2-9b41-4d6a-a716-446655440000",
          "0E8400E2-9B41-4D6A-A716-446655440000",
          "{\"a\": [1, 2.50, \"x\"]}",
          "{\"a\": 1",
          "[1,2,3]",
          "[1.5, -2, 3e2]",
          new byte[] {},
          new byte[] {1, 2, 3},
          uuidBytes(),
          float32(1f, -2.5f, 3.25f),
          float32(Float.NaN, 1f, 2f),
          float32(1f, Float.NEGATIVE_INFINITY, 2f),
          float32(1f, 2f, 3f, 4f),
          float32(1f, 2f),
          new byte[] {1, 2, 3, 4, 5, 6, 7},
          "caf\u00e9".getBytes(StandardCharsets.UTF_8),
          new BigDecimal("123.4500"),
          new BigDecimal("1E+3"),
          true,
          false,
          UUID.fromString("0e8400e2-9b41-4d6a-a716-446655440000"),
          LocalDate.of(2024, 1, 15),
          LocalDateTime.of(2024, 1, 15, 10, 30, 0, 123_456_000),
          OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.ofHours(2)),
          new float[] {1f, 2f, 3f});

  @Test
  void everyValueIntoEveryColumnCastsAlikeOnBothPaths() {
    int compared = 0;
    List<String> differences = new ArrayList<>();
    for (ColumnDef column : columns()) {
      for (Object value : VALUES) {
        for (boolean key : new boolean[] {false, true}) {
          ColumnDef c = key ? column.withKeyPosition(1) : column;
          TableDef table =
              new TableDef("s", "main", "t", "app", "t", "tributary.m.s.main.t", List.of(c));
          String what = c.targetSql() + (key ? " key" : "") + " <- " + describe(value);
          String direct = outcome(() -> RowDecoder.fromSource(table, new Object[] {value}));
          String printed = outcome(() -> RowDecoder.row(table, envelope(table, value)));
          if (!direct.equals(printed)) {
            differences.add(what + ": from the source " + direct + ", through JSON " + printed);
          }
          compared++;
        }
      }
    }
    assertThat(differences).isEmpty();
    assertThat(compared).isGreaterThan(1000);
  }

  /**
   * Text a reader keeps as its UTF-8 bytes ({@link Utf8Text}: SQLite's snapshot) casts, into every
   * column, to what its String casts to, and encodes to the same {@code COPY} bytes or is refused
   * for the same reason: taken as it is by a column that takes text unchanged, read as its String
   * by any other ({@code varchar(n)}, {@code char(n)}, remapped keys, every other type).
   */
  @Test
  void textKeptAsBytesCastsAndEncodesAsItsString() {
    List<ColumnDef> columns = new ArrayList<>(columns());
    columns.add(column(TargetType.TEXT, "char(4)"));
    columns.add(column(TargetType.TEXT, "character varying(3)"));
    columns.add(column(TargetType.TEXT, null).withRules("c", InvalidPolicy.NULL, null));
    columns.add(column(TargetType.TEXT, null).withRules("c", null, NAMESPACE));
    List<String> texts = new ArrayList<>();
    VALUES.stream().filter(String.class::isInstance).map(String.class::cast).forEach(texts::add);
    texts.addAll(
        List.of(
            "ab   ",
            "quote \" backslash \\ \t\n\r\u0007\u007f",
            "caf\u00e9 \u65e5\u672c \ud83d\ude00",
            "\u2028\u2029\uFEFF\uFFFD",
            "x".repeat(70_000)));
    int compared = 0;
    List<String> differences = new ArrayList<>();
    for (ColumnDef column : columns) {
      for (String text : texts) {
        Utf8Text bytes = Utf8Text.of(text.getBytes(StandardCharsets.UTF_8));
        if (bytes == null) {
          continue; // a NUL: never kept as bytes
        }
        for (boolean key : new boolean[] {false, true}) {
          ColumnDef c = key ? column.withKeyPosition(1) : column;
          TableDef table =
              new TableDef("s", "main", "t", "app", "t", "tributary.m.s.main.t", List.of(c));
          String asString = encoded(table, text);
          String asBytes = encoded(table, bytes);
          if (!asString.equals(asBytes)) {
            differences.add(
                c.targetSql() + " <- " + describe(text) + ": " + asString + " / " + asBytes);
          }
          compared++;
        }
      }
    }
    assertThat(differences).isEmpty();
    assertThat(compared).isGreaterThan(500);
  }

  /** The value's row cast ({@link RowDecoder#fromSource}) and in binary COPY, or the refusal. */
  private static String encoded(TableDef table, Object value) {
    try {
      Object[] values = RowDecoder.fromSource(table, new Object[] {value});
      return HexFormat.of()
          .formatHex(
              new CopyBinaryEncoder(table.columns()).begin().row(values).end().toByteArray());
    } catch (RuntimeException e) {
      return "refused: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  @Test
  void aRowOfAnotherWidthIsRefusedNamingTheTable() {
    TableDef table =
        new TableDef(
            "s",
            "main",
            "t",
            "app",
            "t",
            "tributary.m.s.main.t",
            List.of(new ColumnDef("c", "TEXT", "c", TargetType.TEXT, 0, true)));
    assertThat(outcome(() -> RowDecoder.fromSource(table, new Object[] {1L, 2L})))
        .startsWith("refused: IllegalArgumentException")
        .contains("1 columns, not the 2 values read");
  }

  private static List<ColumnDef> columns() {
    List<ColumnDef> columns = new ArrayList<>();
    for (TargetType type : TargetType.values()) {
      if (type.spelledByColumn() || type == TargetType.ARRAY) {
        continue; // SQLite sources have neither enums nor types kept by their text form
      }
      columns.add(column(type, null));
    }
    columns.add(column(TargetType.TIMESTAMPTZ, "timestamptz(3)"));
    columns.add(column(TargetType.VECTOR, "vector(3)"));
    columns.add(column(TargetType.VECTOR, "vector(3)").withRules("c", InvalidPolicy.NULL, null));
    columns.add(column(TargetType.HALFVEC, "halfvec(3)"));
    columns.add(column(TargetType.HALFVEC, "halfvec(3)"));
    columns.add(column(TargetType.NUMERIC, "numeric(6,2)"));
    columns.add(column(TargetType.TEXT, "varchar(3)"));
    columns.add(column(TargetType.TIMESTAMPTZ, "timestamptz(0)"));
    columns.add(column(TargetType.UUID, null).withRules("c", null, NAMESPACE));
    columns.add(column(TargetType.TIMESTAMPTZ, null).withRules("c", InvalidPolicy.NULL, null));
    columns.add(column(TargetType.INTEGER, null).withRules("c", InvalidPolicy.NULL, null));
    columns.add(
        new ColumnDef(
            "c", "TEXT", "c", TargetType.ARRAY, 0, true, "text[]", TargetType.TEXT, null));
    columns.add(
        new ColumnDef(
            "c", "TEXT", "c", TargetType.ARRAY, 0, true, "bigint[]", TargetType.BIGINT, null));
    return columns;
  }

  private static ColumnDef column(TargetType type, String sql) {
    return new ColumnDef("c", "TEXT", "c", type, 0, true, sql, null, null);
  }

  /** The row as apply reads it: printed as capture prints it, parsed as apply parses it. */
  private static ObjectNode envelope(TableDef table, Object value) {
    byte[] printed =
        new EnvelopeWriter()
            .write(
                Op.READ,
                table.columns(),
                new Object[] {value},
                new SourceInfo("sqlite", "m.s", "/data/app.db", "main", "t", "true", 1L, 1L),
                1L);
    return ChangeEventCodec.decode(printed).after();
  }

  private interface Cast {
    Object[] run();
  }

  /** The target value in a comparable form, or the refusal with its reason. */
  private static String outcome(Cast cast) {
    Object[] values;
    try {
      values = cast.run();
    } catch (RuntimeException e) {
      return "refused: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return describe(values[0]);
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String text;
    if (value instanceof byte[] bytes) {
      text = Arrays.toString(bytes);
    } else if (value instanceof float[] floats) {
      int[] bits = new int[floats.length];
      for (int i = 0; i < floats.length; i++) {
        bits[i] = Float.floatToRawIntBits(floats[i]);
      }
      text = Arrays.toString(bits);
    } else if (value instanceof JsonText json) {
      text = json.text();
    } else {
      text = String.valueOf(value);
    }
    return value.getClass().getSimpleName() + " " + text;
  }

  private static byte[] uuidBytes() {
    UUID u = UUID.fromString("0e8400e2-9b41-4d6a-a716-446655440000");
    return ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }

  private static byte[] float32(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }
}
