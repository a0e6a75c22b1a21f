package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.JsonText;
import io.tributary.common.value.SparseVector;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every target type's envelope decoding: values that fit, and values refused with their reason. */
class ValueDecodeTest {

  static ColumnDef col(TargetType type) {
    return new ColumnDef("c", "", "c", type, 0, true);
  }

  static ColumnDef col(TargetType type, String sql) {
    return new ColumnDef("c", "", "c", type, 0, true, sql, null, null);
  }

  static ColumnDef array(TargetType element, String sql) {
    return new ColumnDef("c", "", "c", TargetType.ARRAY, 0, true, sql, element, null);
  }

  /** Decodes the JSON text of one envelope value, as apply reads it off the wire. */
  static Object decode(String json, ColumnDef column) throws Exception {
    JsonNode node = ChangeEventCodec.MAPPER.readTree(json);
    return ValueCodec.decode(node, column);
  }

  static void refused(String json, ColumnDef column, String reason) {
    assertThatThrownBy(() -> decode(json, column))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void integers() throws Exception {
    assertThat(decode("32767", col(TargetType.SMALLINT))).isEqualTo((short) 32767);
    assertThat(decode("-2147483648", col(TargetType.INTEGER))).isEqualTo(Integer.MIN_VALUE);
    assertThat(decode("7.0", col(TargetType.INTEGER))).isEqualTo(7);
    assertThat(decode("9223372036854775807", col(TargetType.BIGINT))).isEqualTo(Long.MAX_VALUE);
    refused("32768", col(TargetType.SMALLINT), "'32768' is out of range for smallint");
    refused("2147483648", col(TargetType.INTEGER), "out of range for integer");
    refused("1.5", col(TargetType.INTEGER), "'1.5' is not an integer in range for integer");
    refused("\"12\"", col(TargetType.SMALLINT), "'12' is not an integer");
  }

  @Test
  void reals() throws Exception {
    assertThat(decode("0.1", col(TargetType.REAL))).isEqualTo(0.1f);
    assertThat(decode("0.10000000149011612", col(TargetType.REAL))).isEqualTo(0.1f);
    assertThat(decode("\"NaN\"", col(TargetType.REAL))).isEqualTo(Float.NaN);
    assertThat(decode("\"-Infinity\"", col(TargetType.REAL))).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(decode("1e300", col(TargetType.DOUBLE))).isEqualTo(1e300);
    refused("1e39", col(TargetType.REAL), "'1E+39' is out of range for real");
    refused("\"fast\"", col(TargetType.REAL), "'fast' is not a real number");
  }

  @Test
  void numericIsExactRoundsToItsScaleAndKeepsSpecials() throws Exception {
    assertThat(decode("12.345678901234567890123", col(TargetType.NUMERIC)))
        .isEqualTo(new BigDecimal("12.345678901234567890123"));
    assertThat(decode("\"1e-3\"", col(TargetType.NUMERIC))).isEqualTo(new BigDecimal("0.001"));
    assertThat(decode("\"NaN\"", col(TargetType.NUMERIC))).isEqualTo(Double.NaN);
    assertThat(decode("\"Infinity\"", col(TargetType.NUMERIC))).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(decode("\"-inf\"", col(TargetType.NUMERIC))).isEqualTo(Double.NEGATIVE_INFINITY);
    ColumnDef money = col(TargetType.NUMERIC, "numeric(10,2)");
    assertThat(decode("12.345", money)).isEqualTo(new BigDecimal("12.35"));
    assertThat(decode("-12.345", money)).isEqualTo(new BigDecimal("-12.35"));
    assertThat(decode("\"NaN\"", money)).isEqualTo(Double.NaN);
    refused(
        "123456789.5", money, "numeric field overflow: '123456789.5' does not fit numeric(10,2)");
    refused("\"Infinity\"", money, "numeric(10,2) cannot hold an infinite value");
    refused("\"12,5\"", col(TargetType.NUMERIC), "'12,5' is not a number");
  }

  @Test
  void textHonoursLengthsAsPostgresDoes() throws Exception {
    assertThat(decode("\"Zoë\"", col(TargetType.TEXT, "character varying(3)"))).isEqualTo("Zoë");
    assertThat(decode("\"ab   \"", col(TargetType.TEXT, "character varying(3)"))).isEqualTo("ab ");
    assertThat(decode("\"ab\"", col(TargetType.TEXT, "character(4)"))).isEqualTo("ab  ");
    assertThat(decode("\"李\"", col(TargetType.TEXT, "character"))).isEqualTo("李");
    refused(
        "\"abcd\"",
        col(TargetType.TEXT, "character varying(3)"),
        "value too long for character varying(3) (4 characters)");
    refused("\"a\\u0000b\"", col(TargetType.TEXT), "NUL");
  }

  @Test
  void booleans() throws Exception {
    ColumnDef flag = col(TargetType.BOOLEAN);
    assertThat(decode("true", flag)).isEqualTo(true);
    assertThat(decode("0", flag)).isEqualTo(false);
    assertThat(decode("\" Yes \"", flag)).isEqualTo(true);
    assertThat(decode("\"f\"", flag)).isEqualTo(false);
    refused("2", flag, "'2' is not a boolean");
    refused("\"maybe\"", flag, "'maybe' is not a boolean");
  }

  @Test
  void uuids() throws Exception {
    UUID id = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    ColumnDef uuid = col(TargetType.UUID);
    assertThat(decode("\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"", uuid)).isEqualTo(id);
    assertThat(decode("\"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11\"", uuid)).isEqualTo(id);
    assertThat(decode("\"{a0eebc999c0b4ef8bb6d6bb9bd380a11}\"", uuid)).isEqualTo(id);
    refused("\"a0eebc99-9c0b-4ef8-bb6d\"", uuid, "is not a UUID (expected 8-4-4-4-12 hex digits)");
    refused("\"1-1-1-1-1\"", uuid, "is not a UUID");
    refused("\"g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"", uuid, "is not a UUID");
    refused("42", uuid, "'42' is not a UUID");
  }

  @Test
  void jsonIsTheDocumentTextOrTheValueItself() throws Exception {
    ColumnDef jsonb = col(TargetType.JSONB);
    JsonText fromText = (JsonText) decode("\"{\\\"b\\\": 1, \\\"a\\\": [true, null]}\"", jsonb);
    assertThat(fromText.text()).isEqualTo("{\"b\": 1, \"a\": [true, null]}");
    JsonText fromValue = (JsonText) decode("{\"a\":[true,null],\"b\":1.0}", jsonb);
    assertThat(fromValue).isEqualTo(fromText);
    assertThat(fromValue.canonical()).isEqualTo("{\"a\":[true,null],\"b\":1e0}");
    assertThat(((JsonText) decode("\"\\\"just a string\\\"\"", jsonb)).canonical())
        .isEqualTo("\"just a string\"");
    assertThat(((JsonText) decode("42", col(TargetType.JSON))).text()).isEqualTo("42");
    assertThat(((JsonText) decode("\"null\"", jsonb)).text()).isEqualTo("null");
    assertThat(decode("null", jsonb)).isNull();
    refused("\"{\\\"a\\\": 1\"", jsonb, "is not valid JSON");
    refused("\"not json\"", jsonb, "'not json' is not valid JSON");
    refused("\"\"", jsonb, "is not valid JSON");
    refused("\"{} {}\"", jsonb, "is not valid JSON");
    refused("\"{\\\"a\\\": \\\"x\\\\u0000y\\\"}\"", jsonb, "NUL");
    refused("{\"a\\u0000\": 1}", col(TargetType.JSON), "NUL");
    refused("{\"$binary\": \"AQID\"}", jsonb, "binary data (3 bytes) does not fit a jsonb column");
  }

  @Test
  void dates() throws Exception {
    ColumnDef date = col(TargetType.DATE);
    assertThat(decode("\"2024-02-29\"", date)).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(decode("\"0044-03-15 BC\"", date)).isEqualTo(LocalDate.of(-43, 3, 15));
    assertThat(decode("\"-0043-03-15\"", date)).isEqualTo(LocalDate.of(-43, 3, 15));
    assertThat(decode("\"+10000-01-01\"", date)).isEqualTo(LocalDate.of(10000, 1, 1));
    assertThat(decode("\"infinity\"", date)).isEqualTo(LocalDate.MAX);
    assertThat(decode("\"-infinity\"", date)).isEqualTo(LocalDate.MIN);
    refused("\"2023-02-29\"", date, "is not a valid date");
    refused("\"31/01/2024\"", date, "is not a date (expected ISO-8601, e.g. 2024-01-31)");
    refused("\"2024-01-31T10:00:00\"", date, "it has a time");
    refused("\"5000 BC\"", date, "is not a date");
    refused("\"-5000-01-01\"", date, "out of range for date");
    refused("20240131", date, "expected an ISO-8601 string");
  }

  @Test
  void times() throws Exception {
    assertThat(decode("\"10:15:30.1234565\"", col(TargetType.TIME)))
        .isEqualTo(LocalTime.of(10, 15, 30, 123_457_000));
    assertThat(decode("\"10:15\"", col(TargetType.TIME))).isEqualTo(LocalTime.of(10, 15));
    assertThat(decode("\"10:15:30.5\"", col(TargetType.TIME, "time(0) without time zone")))
        .isEqualTo(LocalTime.of(10, 15, 31));
    refused("\"25:00:00\"", col(TargetType.TIME), "is not a valid time of day");
    refused("\"24:00:00\"", col(TargetType.TIME), "24:00:00 is not supported");
    refused("\"ten past ten\"", col(TargetType.TIME), "is not a time");
  }

  @Test
  void timestampsRoundAsPostgresDoes() throws Exception {
    ColumnDef ts = col(TargetType.TIMESTAMP);
    assertThat(decode("\"2024-01-31T10:15:30.123456\"", ts))
        .isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000));
    assertThat(decode("\"2024-01-31 10:15:30\"", ts))
        .isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 15, 30));
    assertThat(decode("\"2024-01-31\"", ts)).isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
    assertThat(decode("\"infinity\"", ts)).isEqualTo(LocalDateTime.MAX);
    ColumnDef millis = col(TargetType.TIMESTAMP, "timestamp(3) without time zone");
    // half away from zero around 2000-01-01
    assertThat(decode("\"2024-01-31T10:15:30.1235\"", millis))
        .isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 15, 30, 124_000_000));
    assertThat(decode("\"1990-01-31T10:15:30.1235\"", millis))
        .isEqualTo(LocalDateTime.of(1990, 1, 31, 10, 15, 30, 123_000_000));
    refused("\"2024-01-31T10:15:30+02:00\"", ts, "has a UTC offset");
    refused("\"2024-13-01T00:00:00\"", ts, "is not a valid timestamp");
    refused("\"yesterday\"", ts, "is not a timestamp");
    refused("\"-infinity\"", ts, "-infinity timestamps are not supported yet");
    refused("\"300000-01-01T00:00:00\"", ts, "out of range for timestamp");
  }

  @Test
  void timestamptzIsAnInstantInUtcAtMicroseconds() throws Exception {
    ColumnDef tz = col(TargetType.TIMESTAMPTZ);
    OffsetDateTime expected =
        OffsetDateTime.of(2024, 1, 31, 8, 15, 30, 123_457_000, ZoneOffset.UTC);
    assertThat(decode("\"2024-01-31T10:15:30.1234567+02:00\"", tz)).isEqualTo(expected);
    assertThat(decode("\"2024-01-31 08:15:30.123457Z\"", tz)).isEqualTo(expected);
    assertThat(decode("\"2024-01-31 13:45:30.123457+0530\"", tz)).isEqualTo(expected);
    assertThat(decode("\"2024-01-31 10:15:30.123457+02\"", tz)).isEqualTo(expected);
    assertThat(decode("\"infinity\"", tz)).isEqualTo(OffsetDateTime.MAX);
    refused("\"2024-01-31T10:15:30\"", tz, "has no UTC offset; a timestamptz needs one");
    refused("\"2024-01-31T10:15:30+25:00\"", tz, "invalid UTC offset");
    refused("1706688930", tz, "expected an ISO-8601 string");
  }

  @Test
  void vectorsAreFloat32OfTheDeclaredLength() throws Exception {
    ColumnDef v3 = col(TargetType.VECTOR, "vector(3)");
    assertThat((float[]) decode("[1, 2.5, -0.1]", v3)).containsExactly(1f, 2.5f, -0.1f);
    assertThat((float[]) decode("\"[1,2.5,-0.1]\"", v3)).containsExactly(1f, 2.5f, -0.1f);
    assertThat((float[]) decode("[1,2,3,4]", col(TargetType.VECTOR))).hasSize(4);
    refused("[1, 2]", v3, "expected 3 dimensions, not 2 (vector(3))");
    refused("[1, null, 3]", v3, "vector element 2 is null, not a number");
    refused("[1, \"x\", 3]", v3, "vector element 2 is 'x', not a number");
    refused("[1, 2, 1e39]", v3, "vector element 3 '1E+39' is out of range");
    refused("\"[1,NaN,3]\"", v3, "NaN is not allowed in a vector");
    refused("[]", col(TargetType.VECTOR), "a vector needs at least 1 dimension");
    refused("\"1,2,3\"", v3, "is not a vector (expected e.g. [1,2.5,3])");
    refused("{\"x\":1}", v3, "is not a vector (expected a JSON array of numbers)");
  }

  @Test
  void halfvecsRoundToHalfPrecision() throws Exception {
    ColumnDef h = col(TargetType.HALFVEC, "halfvec(3)");
    assertThat((float[]) decode("[1, 0.1, 65504]", h))
        .containsExactly(1f, 0.0999755859375f, 65504f);
    assertThat((float[]) decode("[2049, 2051, 1e-8]", h)).containsExactly(2048f, 2052f, 0f);
    refused("[1, 2, 70000]", h, "out of range for half precision");
  }

  @Test
  void sparseVectorsInPgvectorTextForm() throws Exception {
    ColumnDef s5 = col(TargetType.SPARSEVEC, "sparsevec(5)");
    SparseVector v = (SparseVector) decode("\"{3:2,1:0.5,4:0}/5\"", s5);
    assertThat(v.dimensions()).isEqualTo(5);
    assertThat(v.indices()).containsExactly(1, 3);
    assertThat(v.values()).containsExactly(0.5f, 2f);
    assertThat(v.text()).isEqualTo("{1:0.5,3:2.0}/5");
    assertThat(((SparseVector) decode("\"{}/5\"", s5)).indices()).isEmpty();
    refused("\"{1:1}/4\"", s5, "expected 5 dimensions, not 4");
    refused("\"{6:1}/5\"", s5, "sparsevec index 6 is outside 1..5");
    refused("\"{2:1,2:3}/5\"", s5, "sparsevec index 2 appears twice");
    refused("\"{1:NaN}/5\"", s5, "NaN is not allowed");
    refused("\"[1,2]\"", s5, "is not a sparsevec");
    refused("[1,2]", s5, "expected pgvector's text form");
  }

  @Test
  void enumsAreLabels() throws Exception {
    ColumnDef mood = col(TargetType.ENUM, "\"app\".\"mood\"");
    assertThat(decode("\"happy\"", mood)).isEqualTo("happy");
    refused("1", mood, "'1' is not an enum label (expected a string)");
    assertThatThrownBy(() -> new ColumnDef("c", "", "c", TargetType.ENUM, 0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs its type in targetSql");
  }

  @Test
  void arraysHoldNullElementsAndMoreDimensions() throws Exception {
    ColumnDef ints = array(TargetType.INTEGER, "integer[]");
    assertThat(decode("[1, null, 3]", ints)).isEqualTo(Arrays.asList(1, null, 3));
    assertThat(decode("[[1, 2], [3, 4]]", ints)).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
    assertThat(decode("[]", ints)).isEqualTo(List.of());
    assertThat(decode("[[], []]", ints)).isEqualTo(List.of());
    assertThat(decode("[\"a\", \"\", null]", array(TargetType.TEXT, "text[]")))
        .isEqualTo(Arrays.asList("a", "", null));
    assertThat(decode("[\"2024-01-31T10:00:00+02:00\"]", array(TargetType.TIMESTAMPTZ, null)))
        .isEqualTo(List.of(OffsetDateTime.of(2024, 1, 31, 8, 0, 0, 0, ZoneOffset.UTC)));
    assertThat(decode("[\"1.005\"]", array(TargetType.NUMERIC, "numeric(5,2)[]")))
        .isEqualTo(List.of(new BigDecimal("1.01")));
    List<?> docs = (List<?>) decode("[[1,2], {\"a\":1}, \"[3]\"]", array(TargetType.JSONB, null));
    assertThat(docs).hasSize(3);
    assertThat(((JsonText) docs.get(0)).text()).isEqualTo("[1,2]");
    assertThat((List<?>) decode("[[1,2],[3,4],\"[5,6]\"]", array(TargetType.VECTOR, "vector(2)[]")))
        .hasSize(3);
    refused("[1, \"x\"]", ints, "element [2]: 'x' is not an integer");
    refused("[[1], [2, 3]]", ints, "must be rectangular: sub-arrays of lengths 1 and 2");
    refused("[[1], 2]", ints, "mixes sub-arrays with elements or NULLs");
    refused("[[1], null]", ints, "mixes sub-arrays");
    refused("[[[[[[[1]]]]]]]", ints, "more than 6 dimensions");
    refused("\"{1,2}\"", ints, "is not an array (expected a JSON array");
    refused("[\"a\\u0000\"]", array(TargetType.TEXT, null), "element [1]: text contains a NUL");
    refused("[\"x\"]", array(TargetType.UUID, null), "element [1]: 'x' is not a UUID");
  }

  @Test
  void typesKeptByTheirTextFormTakeTheirText() throws Exception {
    ColumnDef vector = col(TargetType.TEXT_FORM, "tsvector");
    assertThat(decode("\"'a':1 'b':2\"", vector)).isEqualTo("'a':1 'b':2");
    assertThat(decode("12.5", col(TargetType.TEXT_FORM, "money"))).isEqualTo("12.5");
    assertThat(decode("[\"10.0.0.1\", null, \"a\\\"b\"]", col(TargetType.TEXT_FORM, "inet[]")))
        .isEqualTo("{\"10.0.0.1\",NULL,\"a\\\"b\"}");
    assertThat(decode("[[\"1\"],[\"2\"]]", col(TargetType.TEXT_FORM, "inet[]")))
        .isEqualTo("{{\"1\"},{\"2\"}}");
    refused("{\"x\": 1}", vector, "is not a tsvector value (expected its PostgreSQL text form)");
    refused("true", vector, "is not a tsvector value");
    refused("\"a\\u0000b\"", vector, "contains a NUL byte");
    assertThatThrownBy(() -> col(TargetType.TEXT_FORM, null))
        .hasMessageContaining("TEXT_FORM column c needs its type in targetSql");
  }

  @Test
  void nullAndMissingAreNullForEveryType() throws Exception {
    for (TargetType type : TargetType.values()) {
      ColumnDef column =
          switch (type) {
            case ENUM -> col(type, "\"s\".\"e\"");
            case TEXT_FORM -> col(type, "tsvector");
            case ARRAY -> array(TargetType.TEXT, null);
            default -> col(type);
          };
      assertThat(decode("null", column)).isNull();
      assertThat(ValueCodec.decode(null, column)).isNull();
    }
  }
}
