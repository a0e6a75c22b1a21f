package io.tributary.common.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.sql.BulkLoad;
import io.tributary.common.value.JsonText;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ByteConverter;

class CopyBinaryEncoderTest {
  private static ColumnDef column(TargetType type) {
    return type == TargetType.ENUM
        ? new ColumnDef("c", "", "c", type, 0, true, "\"app\".\"mood\"", null, null)
        : new ColumnDef("c", "", "c", type, 0, true);
  }

  /** The bytes of one field: its 32-bit length, then its value. */
  private static byte[] field(TargetType type, Object value) {
    byte[] stream =
        new CopyBinaryEncoder(List.of(column(type)))
            .begin()
            .row(new Object[] {value})
            .toByteArray();
    // signature (11) + flags (4) + extension (4) + field count (2)
    byte[] field = new byte[stream.length - 21];
    System.arraycopy(stream, 21, field, 0, field.length);
    return field;
  }

  private static String hex(TargetType type, Object value) {
    return HexFormat.of().formatHex(field(type, value));
  }

  @Test
  @DisplayName("A stream is the signature, each row's field count and fields, and the -1 trailer")
  void streamLayout() {
    byte[] stream =
        new CopyBinaryEncoder(List.of(column(TargetType.INTEGER), column(TargetType.TEXT)))
            .begin()
            .row(new Object[] {7, null})
            .end()
            .toByteArray();
    assertThat(HexFormat.of().formatHex(stream))
        .isEqualTo(
            "5047434f50590aff0d0a00" // PGCOPY\n\377\r\n\0
                + "00000000" // flags
                + "00000000" // header extension
                + "0002" // two fields
                + "00000004"
                + "00000007" // 7
                + "ffffffff" // NULL
                + "ffff"); // trailer
  }

  @Test
  @DisplayName(
      "With provenance, each row ends with its record's partition, offset and key (integer,"
          + " bigint, text)")
  void provenanceFields() {
    byte[] stream =
        new CopyBinaryEncoder(List.of(column(TargetType.INTEGER)), true)
            .begin()
            .row(new Object[] {7}, 2, 258L, "{\"id\":7}")
            .end()
            .toByteArray();
    assertThat(HexFormat.of().formatHex(stream).substring(38))
        .isEqualTo(
            "0004" // the column and three provenance fields
                + "0000000400000007" // 7
                + "0000000400000002" // partition 2
                + "000000080000000000000102" // offset 258
                + "00000008"
                + HexFormat.of().formatHex("{\"id\":7}".getBytes(StandardCharsets.UTF_8))
                + "ffff");
  }

  @Test
  @DisplayName("Each type in PostgreSQL's binary form (its typsend)")
  void everyType() {
    assertThat(hex(TargetType.BIGINT, -2L)).isEqualTo("00000008fffffffffffffffe");
    assertThat(hex(TargetType.INTEGER, 258)).isEqualTo("0000000400000102");
    assertThat(hex(TargetType.SMALLINT, (short) -1)).isEqualTo("00000002ffff");
    assertThat(hex(TargetType.DOUBLE, 1.5d)).isEqualTo("000000083ff8000000000000");
    assertThat(hex(TargetType.REAL, 1.5f)).isEqualTo("000000043fc00000");
    assertThat(hex(TargetType.BOOLEAN, true)).isEqualTo("0000000101");
    assertThat(hex(TargetType.TEXT, "é")).isEqualTo("00000002c3a9");
    assertThat(hex(TargetType.ENUM, "happy")).isEqualTo("00000005" + hexOf("happy"));
    assertThat(hex(TargetType.BYTEA, new byte[] {0, 1})).isEqualTo("000000020001");
    assertThat(hex(TargetType.JSON, JsonText.parse("{\"a\": 1}")))
        .isEqualTo("00000008" + hexOf("{\"a\": 1}"));
    assertThat(hex(TargetType.JSONB, JsonText.parse("[1]")))
        .as("jsonb: format version 1, then the text")
        .isEqualTo("00000004" + "01" + hexOf("[1]"));
    assertThat(hex(TargetType.UUID, UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")))
        .isEqualTo("00000010" + "00112233445566778899aabbccddeeff");
    assertThat(hex(TargetType.VECTOR, new float[] {1f, -2f}))
        .as("vector: dimensions, unused, float32 elements")
        .isEqualTo("0000000c" + "0002" + "0000" + "3f800000" + "c0000000");
  }

  @Test
  @DisplayName(
      "Dates and times count from 2000-01-01 (days, microseconds); infinities are PostgreSQL's"
          + " sentinels")
  void temporal() {
    assertThat(hex(TargetType.DATE, LocalDate.of(2000, 1, 2))).isEqualTo("0000000400000001");
    assertThat(hex(TargetType.DATE, LocalDate.of(1999, 12, 31))).isEqualTo("00000004ffffffff");
    assertThat(hex(TargetType.DATE, LocalDate.MAX)).isEqualTo("000000047fffffff");
    assertThat(hex(TargetType.DATE, LocalDate.MIN)).isEqualTo("0000000480000000");
    assertThat(hex(TargetType.TIME, LocalTime.of(0, 0, 1, 2000)))
        .isEqualTo("00000008" + "00000000000f4242"); // 1,000,002 µs
    assertThat(hex(TargetType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0, 1)))
        .isEqualTo("00000008" + "00000000000f4240");
    assertThat(hex(TargetType.TIMESTAMP, LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000)))
        .isEqualTo("00000008" + "ffffffffffffffff");
    assertThat(hex(TargetType.TIMESTAMP, LocalDateTime.MAX)).isEqualTo("000000087fffffffffffffff");
    assertThat(
            hex(
                TargetType.TIMESTAMPTZ,
                OffsetDateTime.of(2000, 1, 1, 2, 0, 1, 0, ZoneOffset.ofHours(2))))
        .as("the instant, whatever the offset")
        .isEqualTo("00000008" + "00000000000f4240");
    assertThat(hex(TargetType.TIMESTAMPTZ, OffsetDateTime.MAX))
        .isEqualTo("000000087fffffffffffffff");
  }

  @Test
  @DisplayName(
      "Numerics keep every digit and their scale; NaN and the infinities have their own signs")
  void numeric() {
    for (String text :
        List.of("0", "1.50", "-123456789.000000001", "100000000000000000000000", "0.0001")) {
      byte[] field = field(TargetType.NUMERIC, new BigDecimal(text));
      byte[] value = new byte[field.length - 4];
      System.arraycopy(field, 4, value, 0, value.length);
      assertThat(ByteBuffer.wrap(field).getInt()).isEqualTo(value.length);
      assertThat(ByteConverter.numeric(value)).as(text).isEqualTo(new BigDecimal(text));
    }
    assertThat(field(TargetType.NUMERIC, new BigDecimal("1E+3")))
        .as("a negative scale is written as a whole number")
        .isEqualTo(field(TargetType.NUMERIC, new BigDecimal("1000")));
    assertThat(hex(TargetType.NUMERIC, Double.NaN)).isEqualTo("00000008" + "00000000c0000000");
    assertThat(hex(TargetType.NUMERIC, Double.POSITIVE_INFINITY))
        .isEqualTo("00000008" + "00000000d0000000");
    assertThat(hex(TargetType.NUMERIC, Double.NEGATIVE_INFINITY))
        .isEqualTo("00000008" + "00000000f0000000");
  }

  @Test
  @DisplayName(
      "Every type a bulk-loaded table may have is encoded (BulkLoad and the encoder agree)")
  void everyBulkLoadTypeIsEncoded() {
    Map<TargetType, Object> samples = new EnumMap<>(TargetType.class);
    samples.put(TargetType.BIGINT, 1L);
    samples.put(TargetType.INTEGER, 1);
    samples.put(TargetType.SMALLINT, (short) 1);
    samples.put(TargetType.DOUBLE, 1d);
    samples.put(TargetType.REAL, 1f);
    samples.put(TargetType.TEXT, "a");
    samples.put(TargetType.BYTEA, new byte[] {1});
    samples.put(TargetType.NUMERIC, BigDecimal.ONE);
    samples.put(TargetType.BOOLEAN, false);
    samples.put(TargetType.UUID, new UUID(1, 2));
    samples.put(TargetType.JSON, JsonText.parse("1"));
    samples.put(TargetType.JSONB, JsonText.parse("1"));
    samples.put(TargetType.DATE, LocalDate.EPOCH);
    samples.put(TargetType.TIME, LocalTime.NOON);
    samples.put(TargetType.TIMESTAMP, LocalDateTime.of(2020, 1, 1, 0, 0));
    samples.put(TargetType.TIMESTAMPTZ, OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    samples.put(TargetType.VECTOR, new float[] {1f});
    samples.put(TargetType.ENUM, "a");
    assertThat(samples.keySet()).isEqualTo(BulkLoad.BINARY_TYPES);
    samples.forEach((type, value) -> assertThat(field(type, value)).as(type.name()).isNotEmpty());
  }

  @Test
  @DisplayName("The buffer grows past its first size (a row of wide vectors)")
  void grows() {
    float[] wide = new float[20_000];
    wide[19_999] = 3f;
    CopyBinaryEncoder encoder = new CopyBinaryEncoder(List.of(column(TargetType.VECTOR))).begin();
    for (int i = 0; i < 3; i++) {
      encoder.row(new Object[] {wide});
    }
    encoder.end();
    assertThat(encoder.length()).isEqualTo(19 + 3 * (2 + 4 + 4 + 4 * 20_000) + 2);
    assertThat(ByteBuffer.wrap(encoder.array(), encoder.length() - 6, 4).getFloat()).isEqualTo(3f);
  }

  private static String hexOf(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }
}
