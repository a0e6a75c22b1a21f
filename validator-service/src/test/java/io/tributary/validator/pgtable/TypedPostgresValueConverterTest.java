package io.tributary.validator.pgtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.common.value.ValueCodec;
import io.vertx.core.buffer.Buffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Target values of the types of PostgreSQL sources, as the Vert.x client reads them from {@code
 * selectAll}, convert to the very values ValueCodec decodes from the envelope.
 */
class TypedPostgresValueConverterTest {
  private static ColumnDef col(TargetType type, String sql) {
    return new ColumnDef("c", "", "c", type, 0, true, sql, null, null);
  }

  private static ColumnDef array(TargetType element, String sql) {
    return new ColumnDef("c", "", "c", TargetType.ARRAY, 0, true, sql, element, null);
  }

  private static Object envelope(String json, ColumnDef column) throws Exception {
    JsonNode node = ChangeEventCodec.MAPPER.readTree(json);
    return ValueCodec.decode(node, column);
  }

  private static void same(Object target, String envelopeJson, ColumnDef column) throws Exception {
    Object converted = PostgresValueConverter.convert(target, column);
    assertThat(RowCanonicalizer.canonical(Arrays.asList(converted)))
        .as("%s read as %s", column.targetSql(), target)
        .isEqualTo(RowCanonicalizer.canonical(Arrays.asList(envelope(envelopeJson, column))));
  }

  @Test
  void nativeValuesAsTheClientReadsThem() throws Exception {
    same((short) -3, "-3", col(TargetType.SMALLINT, null));
    same(2147483647, "2147483647", col(TargetType.INTEGER, null));
    same(0.1f, "0.1", col(TargetType.REAL, null));
    same(Float.NaN, "\"NaN\"", col(TargetType.REAL, null));
    same(true, "true", col(TargetType.BOOLEAN, null));
    same(
        UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        "\"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11\"",
        col(TargetType.UUID, null));
    same(LocalDate.of(-43, 3, 15), "\"0044-03-15 BC\"", col(TargetType.DATE, null));
    same(LocalDate.MAX, "\"infinity\"", col(TargetType.DATE, null));
    same(LocalTime.of(6, 30, 0, 500_000_000), "\"06:30:00.5\"", col(TargetType.TIME, null));
    same(
        LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_000_000),
        "\"2024-01-31T10:15:30.1234\"",
        col(TargetType.TIMESTAMP, "timestamp(3) without time zone"));
    same(
        OffsetDateTime.of(2024, 1, 31, 8, 15, 30, 123_456_000, ZoneOffset.UTC),
        "\"2024-01-31T10:15:30.123456+02:00\"",
        col(TargetType.TIMESTAMPTZ, null));
    same(
        OffsetDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000, ZoneOffset.ofHours(2)),
        "\"2024-01-31T08:15:30.123456Z\"",
        col(TargetType.TIMESTAMPTZ, null));
    same(OffsetDateTime.MAX, "\"infinity\"", col(TargetType.TIMESTAMPTZ, null));
    same("ab  ", "\"ab\"", col(TargetType.TEXT, "character(4)"));
    same(Buffer.buffer(new byte[] {0, -1}), "\"AP8=\"", col(TargetType.BYTEA, null));
  }

  @Test
  void textReadColumnsAreParsedFromPostgresText() throws Exception {
    same("12.50", "12.5", col(TargetType.NUMERIC, "numeric(10,2)"));
    same("Infinity", "\"Infinity\"", col(TargetType.NUMERIC, null));
    same("{\"a\": 1, \"b\": [1.0, 2]}", "{\"b\":[1,2.00],\"a\":1}", col(TargetType.JSONB, null));
    same("{\"b\":1,\"a\":2}", "\"{\\\"b\\\":1,\\\"a\\\":2}\"", col(TargetType.JSON, null));
    same("[0.1,-2.5,3e-05]", "[0.1, -2.5, 0.00003]", col(TargetType.VECTOR, "vector(3)"));
    same("[0.333,1000.5,-1]", "[0.333, 1000.7, -1]", col(TargetType.HALFVEC, "halfvec(3)"));
    same("{1:0.5,4:-2}/5", "\"{4:-2,1:0.5}/5\"", col(TargetType.SPARSEVEC, "sparsevec(5)"));
    same("it's complicated", "\"it's complicated\"", col(TargetType.ENUM, "\"a\".\"Mood\""));
    same(
        "{\"a,b\",NULL,\"\",\"NULL\",\"q\\\"uote\\\\back\"}",
        "[\"a,b\", null, \"\", \"NULL\", \"q\\\"uote\\\\back\"]",
        array(TargetType.TEXT, "text[]"));
    same("{{1,2},{3,NULL}}", "[[1,2],[3,null]]", array(TargetType.INTEGER, "integer[]"));
    same(
        "{\"2024-01-31 12:00:00+02\",infinity}",
        "[\"2024-01-31T10:00:00Z\", \"infinity\"]",
        array(TargetType.TIMESTAMPTZ, null));
    same(
        "{\"{\\\"k\\\": [1]}\",\"\\\"str\\\"\",\"null\",NULL}",
        "[{\"k\":[1]}, \"\\\"str\\\"\", \"null\", null]",
        array(TargetType.JSONB, null));
    same("{}", "[[], []]", array(TargetType.INTEGER, null));
    same(new Integer[] {1, null}, "[1, null]", array(TargetType.INTEGER, null));
  }

  @Test
  void valuesOfAnotherTypeNameTheColumn() {
    assertThatThrownBy(() -> PostgresValueConverter.convert("x", col(TargetType.UUID, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target column c")
        .hasMessageContaining("expected a uuid value but read a String");
    assertThatThrownBy(
            () -> PostgresValueConverter.convert("[1,2]", col(TargetType.VECTOR, "vector(3)")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 3 dimensions, not 2");
  }
}
