package io.tributary.validator.pgtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.TableChecksum;
import io.tributary.common.value.ValueCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresValueConverterTest {

  @Test
  void convertsEachTypeToCommonsJavaValue() {
    assertThat(PostgresValueConverter.convert(42L, TargetType.BIGINT)).isEqualTo(42L);
    assertThat(PostgresValueConverter.convert(42, TargetType.BIGINT)).isEqualTo(42L);
    assertThat(PostgresValueConverter.convert(1.5d, TargetType.DOUBLE)).isEqualTo(1.5d);
    assertThat(PostgresValueConverter.convert("Zoë 李", TargetType.TEXT)).isEqualTo("Zoë 李");
    assertThat(
            PostgresValueConverter.convert(
                Buffer.buffer(new byte[] {0, 1, (byte) 0xff}), TargetType.BYTEA))
        .isEqualTo(new byte[] {0, 1, (byte) 0xff});
    assertThat(
            PostgresValueConverter.convert(
                Numeric.create(new BigDecimal("12.50")), TargetType.NUMERIC))
        .isEqualTo(new BigDecimal("12.50"));
    assertThat(PostgresValueConverter.convert(Numeric.create(7L), TargetType.NUMERIC))
        .isEqualTo(new BigDecimal(7));
  }

  @Test
  void nullStaysNullForEveryType() {
    for (TargetType type : TargetType.values()) {
      ColumnDef column =
          switch (type) {
            case ENUM -> new ColumnDef("c", "", "c", type, 0, true, "\"s\".\"e\"", null, null);
            case TEXT_FORM -> new ColumnDef("c", "", "c", type, 0, true, "tsvector", null, null);
            case ARRAY -> new ColumnDef("c", "", "c", type, 0, true, null, TargetType.TEXT, null);
            default -> new ColumnDef("c", "", "c", type, 0, true);
          };
      assertThat(PostgresValueConverter.convert(null, column)).isNull();
    }
  }

  @Test
  void numericNaNIsCommonsNaN() {
    assertThat(PostgresValueConverter.convert(Numeric.NaN, TargetType.NUMERIC))
        .isEqualTo(Double.NaN);
    assertThat(PostgresValueConverter.convert("NaN", TargetType.NUMERIC)).isEqualTo(Double.NaN);
    assertThat(PostgresValueConverter.convert("-Infinity", TargetType.NUMERIC))
        .isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aValueOfAnotherTypeThanRecordedNamesTheColumn() {
    ColumnDef column = new ColumnDef("price", "REAL", "price", TargetType.DOUBLE, 0, true);
    assertThatThrownBy(() -> PostgresValueConverter.convert("1.5", column))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target column price")
        .hasMessageContaining("double precision");
  }

  /**
   * The point of it all: a source row (decoded) and its target row (as Vert.x reads it) checksum
   * alike.
   */
  @Test
  void sourceAndTargetRowsOfTheSameDataHaveTheSameChecksum() {
    TargetType[] types = {
      TargetType.BIGINT,
      TargetType.DOUBLE,
      TargetType.TEXT,
      TargetType.BYTEA,
      TargetType.NUMERIC,
      TargetType.NUMERIC,
      TargetType.TEXT
    };
    // as sqlite-jdbc's getObject returns them
    List<List<Object>> source =
        List.of(
            Arrays.asList(1, 0.1d, "Zoë", new byte[] {1, 2}, 12.5d, 3, null),
            Arrays.asList(4_000_000_000L, -0.0d, "", new byte[0], 1.0e20d, null, "李"),
            Arrays.asList(5, Double.POSITIVE_INFINITY, "O'Brien", null, 0.1d, -7, "x"));
    // as the Vert.x PostgreSQL client returns the same rows
    List<List<Object>> target =
        List.of(
            Arrays.asList(
                1L,
                0.1d,
                "Zoë",
                Buffer.buffer(new byte[] {1, 2}),
                Numeric.parse("12.50"),
                Numeric.create(3),
                null),
            Arrays.asList(
                4_000_000_000L,
                0.0d,
                "",
                Buffer.buffer(),
                Numeric.parse("100000000000000000000"),
                null,
                "李"),
            Arrays.asList(
                5L,
                Double.POSITIVE_INFINITY,
                "O'Brien",
                null,
                Numeric.parse("0.1"),
                Numeric.create(-7L),
                "x"));

    String sourceSum = sourceChecksum(source, types);
    List<List<Object>> reversed = new ArrayList<>(target);
    Collections.reverse(reversed);
    assertThat(targetChecksum(reversed, types)).isEqualTo(sourceSum);

    List<List<Object>> changed = new ArrayList<>(target);
    List<Object> first = new ArrayList<>(target.get(0));
    first.set(2, "Zoe");
    changed.set(0, first);
    assertThat(targetChecksum(changed, types)).isNotEqualTo(sourceSum);
  }

  private static String sourceChecksum(List<List<Object>> rows, TargetType[] types) {
    TableChecksum sum = new TableChecksum();
    for (List<Object> row : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < types.length; i++) {
        values.add(ValueCodec.fromSource(row.get(i), types[i]));
      }
      sum.add(values);
    }
    return sum.hex();
  }

  private static String targetChecksum(List<List<Object>> rows, TargetType[] types) {
    TableChecksum sum = new TableChecksum();
    for (List<Object> row : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < types.length; i++) {
        values.add(PostgresValueConverter.convert(row.get(i), types[i]));
      }
      sum.add(values);
    }
    return sum.hex();
  }
}
