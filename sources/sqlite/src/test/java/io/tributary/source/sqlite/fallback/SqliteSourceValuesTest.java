package io.tributary.source.sqlite.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.JsonText;
import io.tributary.common.value.ValueCodec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqliteSourceValuesTest {
  private static ColumnDef column(String declared, TargetType type, String sql) {
    return new ColumnDef("c", declared, "c", type, 0, true, sql, null, null);
  }

  private static Object write(Object value, ColumnDef column, List<?> samples) {
    return SqliteSourceValues.toSqlite(value, column, SqliteColumnForm.detect(column, samples));
  }

  /** The value capture reads back from what was written equals the target's. */
  private static void assertRoundTrip(Object value, ColumnDef column, List<?> samples) {
    Object written = write(value, column, samples);
    Object read = ValueCodec.fromSource(written, column);
    if (value instanceof float[] f) {
      assertThat((float[]) read).containsExactly(f);
    } else {
      assertThat(read).as("%s written as %s", value, written).isEqualTo(value);
    }
  }

  @Test
  @DisplayName("Numbers: integers as INTEGER, exact doubles as REAL, other decimals as text")
  void numbers() {
    ColumnDef numeric = column("DECIMAL", TargetType.NUMERIC, "numeric");
    assertThat(write(new BigDecimal("12.00"), numeric, List.of())).isEqualTo(12L);
    assertThat(write(new BigDecimal("12.5"), numeric, List.of())).isEqualTo(12.5);
    assertThat(write(new BigDecimal("0.12345678901234567890"), numeric, List.of()))
        .isEqualTo("0.12345678901234567890");
    assertThat(write(new BigDecimal("12.50"), numeric, List.of("1.00"))).isEqualTo("12.50");
    ColumnDef real = column("REAL", TargetType.REAL, "real");
    assertThat(write(0.1f, real, List.of())).isEqualTo(0.1);
    assertThat(write(Double.NaN, column("REAL", TargetType.DOUBLE, null), List.of()))
        .isEqualTo("NaN");
    assertRoundTrip(0.1f, real, List.of());
    assertRoundTrip(Double.NaN, column("REAL", TargetType.DOUBLE, null), List.of());
    assertRoundTrip(new BigDecimal("12.5"), numeric, List.of());
    assertRoundTrip(42L, column("INTEGER", TargetType.BIGINT, null), List.of());
  }

  @Test
  @DisplayName("Text: as TEXT, and numbers as numbers in an untyped column holding numbers")
  void text() {
    ColumnDef untyped = column("", TargetType.TEXT, null);
    assertThat(write("42", untyped, List.of(1L))).isEqualTo(42L);
    assertThat(write("2.5", untyped, List.of(1L))).isEqualTo(2.5);
    assertThat(write("042", untyped, List.of(1L))).isEqualTo("042");
    assertThat(write("2.50", untyped, List.of(1L))).isEqualTo("2.50");
    assertThat(write("42", untyped, List.of("x"))).isEqualTo("42");
    assertRoundTrip("42", untyped, List.of(1L));
    assertRoundTrip("042", untyped, List.of(1L));
  }

  @Test
  @DisplayName(
      "Booleans, JSON, bytes, vectors and times of day in their SQLite forms, read back as the"
          + " same values")
  void otherTypes() {
    ColumnDef flag = column("BOOLEAN", TargetType.BOOLEAN, null);
    assertThat(write(true, flag, List.of())).isEqualTo(1L);
    assertThat(write(false, flag, List.of("true"))).isEqualTo("false");
    assertRoundTrip(true, flag, List.of("true"));
    ColumnDef json = column("TEXT", TargetType.JSONB, null);
    assertThat(write(JsonText.parse("{\"a\": [1, 2]}"), json, List.of()))
        .isEqualTo("{\"a\": [1, 2]}");
    ColumnDef bytes = column("BLOB", TargetType.BYTEA, null);
    assertThat(write(new byte[] {1, 2}, bytes, List.of())).isEqualTo(new byte[] {1, 2});
    ColumnDef vector = column("BLOB", TargetType.VECTOR, "vector(2)");
    float[] v = {0.5f, -1.25f};
    byte[] blob = (byte[]) write(v, vector, List.of());
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(List.of(b.getFloat(), b.getFloat())).containsExactly(0.5f, -1.25f);
    assertThat(write(v, vector, List.of("[1,2]"))).isEqualTo("[0.5,-1.25]");
    assertRoundTrip(v, vector, List.of());
    assertRoundTrip(v, vector, List.of("[1,2]"));
    assertThat(
            write(
                LocalTime.of(10, 0, 1, 500_000_000),
                column("TEXT", TargetType.TIME, null),
                List.of()))
        .isEqualTo("10:00:01.5");
  }
}
