package io.tributary.common;

import static io.tributary.common.ValueDecodeTest.array;
import static io.tributary.common.ValueDecodeTest.col;
import static io.tributary.common.ValueDecodeTest.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.sql.ColumnBinding;
import io.tributary.common.value.PostgresText;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's text forms: what apply binds for text-bound types, and what {@code ::text} reads.
 */
class PostgresTextTest {

  @Test
  void rendersArrayLiteralsWithEveryElementQuoted() throws Exception {
    ColumnDef texts = array(TargetType.TEXT, "text[]");
    Object value =
        decode("[\"a,b\", null, \"say \\\"hi\\\"\", \"back\\\\slash\", \"NULL\", \"\"]", texts);
    String literal = PostgresText.render(value, texts);
    assertThat(literal)
        .isEqualTo("{\"a,b\",NULL,\"say \\\"hi\\\"\",\"back\\\\slash\",\"NULL\",\"\"}");
    assertThat(PostgresText.parse(literal, texts)).isEqualTo(value);
    ColumnDef grid = array(TargetType.INTEGER, "integer[]");
    assertThat(PostgresText.render(decode("[[1,2],[3,null]]", grid), grid))
        .isEqualTo("{{\"1\",\"2\"},{\"3\",NULL}}");
    assertThat(PostgresText.parse("{{1,2},{3,NULL}}", grid))
        .isEqualTo(List.of(List.of(1, 2), Arrays.asList(3, null)));
    assertThat(PostgresText.parse("[0:1]={5,6}", grid)).isEqualTo(List.of(5, 6));
    assertThat(PostgresText.parse("{}", grid)).isEqualTo(List.of());
    assertThatThrownBy(() -> PostgresText.parse("{1,2", grid))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("not an array literal");
  }

  @Test
  void rendersTemporalValuesInPostgresInputForm() throws Exception {
    assertThat(PostgresText.render(LocalDate.of(-43, 3, 15), col(TargetType.DATE)))
        .isEqualTo("0044-03-15 BC");
    assertThat(
            PostgresText.render(
                LocalDateTime.of(2024, 1, 31, 10, 0, 0, 120_000_000), col(TargetType.TIMESTAMP)))
        .isEqualTo("2024-01-31 10:00:00.12");
    ColumnDef tz = col(TargetType.TIMESTAMPTZ);
    Object instant = decode("\"2024-01-31T12:00:00.000001+02:00\"", tz);
    assertThat(PostgresText.render(instant, tz)).isEqualTo("2024-01-31 10:00:00.000001+00");
    assertThat(PostgresText.parse("2024-01-31 12:00:00.000001+02", tz)).isEqualTo(instant);
    assertThat(PostgresText.parse("0044-03-15 10:00:00+00 BC", tz))
        .isEqualTo(decode("\"-0043-03-15T10:00:00Z\"", tz));
  }

  /** Every text-bound type: rendering then parsing gives back the same canonical value. */
  @Test
  void textBoundValuesRoundTrip() throws Exception {
    Object[][] cases = {
      {col(TargetType.NUMERIC, "numeric(10,2)"), "12.5"},
      {col(TargetType.NUMERIC), "\"-Infinity\""},
      {col(TargetType.JSON), "\"{\\\"b\\\":1,  \\\"a\\\":2}\""},
      {col(TargetType.JSONB), "[1,{\"x\":\"é\"}]"},
      {col(TargetType.VECTOR, "vector(3)"), "[1e-7, 3.4028235e38, -2]"},
      {col(TargetType.HALFVEC, "halfvec(2)"), "[0.333, 1000.7]"},
      {col(TargetType.SPARSEVEC, "sparsevec(9)"), "\"{9:1.5,2:-3}/9\""},
      {col(TargetType.ENUM, "\"app\".\"mood\""), "\"so-so\""},
      {array(TargetType.NUMERIC, null), "[1.10, \"NaN\", null]"},
      {array(TargetType.JSONB, null), "[{\"a\":[1,\"}\"]}, \"\\\"\\\\\\\\\\\"\"]"},
      {array(TargetType.BYTEA, null), "[\"AAH/\", \"\"]"},
      {array(TargetType.BOOLEAN, null), "[true, false, null]"},
      {array(TargetType.UUID, null), "[\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"]"},
      {array(TargetType.DATE, null), "[\"2024-01-31\", \"0000-01-01\", \"infinity\"]"},
      {array(TargetType.TIME, null), "[\"23:59:59.999999\"]"},
      {
        array(TargetType.TIMESTAMP, "timestamp(3) without time zone[]"),
        "[\"2024-01-31T10:00:00.1239\"]"
      },
      {array(TargetType.TIMESTAMPTZ, null), "[\"2024-01-31T10:00:00+05:30\", \"infinity\"]"},
      {array(TargetType.REAL, null), "[0.1, \"NaN\", \"-Infinity\"]"},
      {array(TargetType.DOUBLE, null), "[1e300, \"Infinity\"]"},
      {array(TargetType.BIGINT, null), "[[1,2],[3,4]]"},
      {array(TargetType.VECTOR, "vector(2)[]"), "[[1,2], null]"},
      {array(TargetType.ENUM, "\"app\".\"mood\"[]"), "[\"happy\", \"sad\"]"},
      {array(TargetType.TEXT, "character varying(3)[]"), "[\"{}\", \" , \"]"},
    };
    for (Object[] c : cases) {
      ColumnDef column = (ColumnDef) c[0];
      Object value = decode((String) c[1], column);
      String text = (String) ColumnBinding.parameterValue(value, column);
      Object back = PostgresText.parse(text, column);
      assertThat(RowCanonicalizer.canonical(Arrays.asList(back)))
          .as("%s %s via %s", column.targetSql(), c[1], text)
          .isEqualTo(RowCanonicalizer.canonical(Arrays.asList(value)));
      Object wire = ValueCodec.decode(ValueCodec.toJson(value, column), column);
      assertThat(RowCanonicalizer.canonical(Arrays.asList(wire)))
          .as("envelope round trip of %s %s", column.targetSql(), c[1])
          .isEqualTo(RowCanonicalizer.canonical(Arrays.asList(value)));
    }
  }

  @Test
  void characterValuesReadAsTextGetTheirPaddingBack() {
    assertThat(PostgresText.parse("ab", col(TargetType.TEXT, "character(4)"))).isEqualTo("ab  ");
    assertThat(PostgresText.parse("ab", col(TargetType.TEXT, "character varying(4)")))
        .isEqualTo("ab");
  }

  @Test
  void nativeTypesAreBoundAsThemselves() throws Exception {
    ColumnDef id = col(TargetType.UUID);
    Object uuid = decode("\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"", id);
    assertThat(ColumnBinding.parameterValue(uuid, id)).isSameAs(uuid);
    assertThat(ColumnBinding.parameterValue(new BigDecimal("1.50"), col(TargetType.NUMERIC)))
        .isEqualTo("1.50");
    assertThat(ColumnBinding.parameterValue(null, col(TargetType.JSONB))).isNull();
  }
}
