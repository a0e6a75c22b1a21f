package io.tributary.capture.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** What Debezium makes of a type kept by its text form is turned back into that text. */
class TextFormsTest {
  private static ColumnDef column(String sql) {
    return new ColumnDef("c", sql, "c", TargetType.TEXT_FORM, 0, true, sql, null, null);
  }

  @Test
  void textArrivesAsItIs() {
    assertThat(
            PgoutputValueEncoder.encode("'a':1 'b':2", Schema.STRING_SCHEMA, column("tsvector"))
                .textValue())
        .isEqualTo("'a':1 'b':2");
    assertThat(
            PgoutputValueEncoder.encode(
                    ByteBuffer.wrap("(1,2)".getBytes(StandardCharsets.UTF_8)),
                    Schema.BYTES_SCHEMA,
                    column("\"app\".\"pair\""))
                .textValue())
        .isEqualTo("(1,2)");
  }

  @Test
  void bitsAreWrittenBackWithTheColumnsLength() {
    // Debezium: the bit string read as a binary number, its bytes least significant first
    Schema bits = SchemaBuilder.bytes().name("io.debezium.data.Bits").build();
    byte[] value = {0x05, 0x01}; // 0b1_0000_0101
    assertThat(PgoutputValueEncoder.encode(value, bits, column("bit(12)")).textValue())
        .isEqualTo("000100000101");
    assertThat(PgoutputValueEncoder.encode(new byte[] {0}, bits, column("bit(3)")).textValue())
        .isEqualTo("000");
    assertThat(
            PgoutputValueEncoder.encode(true, Schema.BOOLEAN_SCHEMA, column("bit(1)")).textValue())
        .isEqualTo("1");
  }

  @Test
  void aPointsStructBecomesItsText() {
    Schema point =
        SchemaBuilder.struct()
            .name("io.debezium.data.geometry.Point")
            .field("x", Schema.FLOAT64_SCHEMA)
            .field("y", Schema.FLOAT64_SCHEMA)
            .build();
    Struct value = new Struct(point).put("x", 1.5).put("y", -2.0);
    assertThat(PgoutputValueEncoder.encode(value, point, column("point")).textValue())
        .isEqualTo("(1.5,-2)");
  }

  @Test
  void arraysAreTheirElementsTexts() {
    Schema strings = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build();
    assertThat(
            PgoutputValueEncoder.encode(Arrays.asList("10.0.0.1", null), strings, column("inet[]"))
                .toString())
        .isEqualTo("[\"10.0.0.1\",null]");
  }

  @Test
  void aStructOfAnotherKindIsRefusedByName() {
    Schema other = SchemaBuilder.struct().name("x").field("a", Schema.INT32_SCHEMA).build();
    assertThatThrownBy(
            () ->
                PgoutputValueEncoder.encode(
                    new Struct(other).put("a", 1), other, column("\"app\".\"pair\"")))
        .hasMessageContaining("column c (\"app\".\"pair\") arrived as a STRUCT");
  }
}
