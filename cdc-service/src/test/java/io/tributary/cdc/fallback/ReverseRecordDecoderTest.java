package io.tributary.cdc.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cdc.fallback.ReverseRecordDecoder.Change;
import io.tributary.cdc.fallback.ReverseRecordDecoder.Decoded;
import io.tributary.cdc.fallback.ReverseRecordDecoder.Fence;
import io.tributary.cdc.fallback.ReverseRecordDecoder.Skip;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.event.Op;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What Debezium delivers from a fallback window's slot, read back as changes, fences or nothing.
 */
class ReverseRecordDecoderTest {
  private static final TableDef NOTES =
      new TableDef(
          "app",
          "main",
          "notes",
          "app_schema",
          "notes",
          "t.notes",
          List.of(
              new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("body", "TEXT", "text", TargetType.TEXT, 0, true)));

  private static final Schema ROW =
      SchemaBuilder.struct()
          .field("id", Schema.INT64_SCHEMA)
          .field("text", Schema.OPTIONAL_STRING_SCHEMA)
          .field("added", Schema.OPTIONAL_STRING_SCHEMA)
          .optional()
          .build();
  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .build();
  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .field("before", ROW)
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .build();
  private static final Schema MESSAGE =
      SchemaBuilder.struct()
          .field("prefix", Schema.STRING_SCHEMA)
          .field("content", Schema.BYTES_SCHEMA)
          .build();
  private static final Schema MESSAGE_ENVELOPE =
      SchemaBuilder.struct()
          .field("op", Schema.STRING_SCHEMA)
          .field("source", SOURCE)
          .field("message", MESSAGE)
          .build();

  private final ReverseRecordDecoder decoder =
      new ReverseRecordDecoder("m", 0x100L, Map.of("app", List.of(NOTES)));

  @Test
  @DisplayName("A change after the switch: values by target column, its source, its position")
  void changeAfterTheSwitch() {
    Decoded d = decoder.decode(change("u", "app_schema", "notes", 0x1_0000_0200L, 7, "edited"));
    assertThat(d).isInstanceOf(Change.class);
    Change c = (Change) d;
    assertThat(c.source()).isEqualTo("app");
    assertThat(c.change().op()).isEqualTo(Op.UPDATE);
    assertThat(c.change().lsn()).isEqualTo("1/200");
    assertThat(c.change().after()).containsOnlyKeys("id", "text");
    assertThat(c.change().after().get("text").asText()).isEqualTo("edited");
    assertThat(c.change().after().get("id").asLong()).isEqualTo(7);
  }

  @Test
  @DisplayName("Changes apply made before the switch, and tables of no migration, are skipped")
  void beforeTheSwitchAndOtherTables() {
    assertThat(decoder.decode(change("c", "app_schema", "notes", 0xFFL, 1, "old")))
        .isInstanceOf(Skip.class);
    assertThat(decoder.decode(change("c", "other", "notes", 0x200L, 1, "x")))
        .isInstanceOf(Skip.class);
  }

  @Test
  @DisplayName(
      "A fence of this migration is its id, a mark a position; another migration's or a heartbeat"
          + " is nothing")
  void fences() {
    assertThat(
            decoder.decode(
                message(CaptureNames.REVERSE_FENCE_PREFIX, "{\"migration\":\"m\",\"fence\":12}")))
        .isEqualTo(new Fence(12L, "0/300"));
    assertThat(
            decoder.decode(
                message(CaptureNames.REVERSE_FENCE_PREFIX, "{\"migration\":\"m\",\"mark\":true}")))
        .isEqualTo(new Fence(null, "0/300"));
    assertThat(
            decoder.decode(
                message(CaptureNames.REVERSE_FENCE_PREFIX, "{\"migration\":\"x\",\"fence\":12}")))
        .isInstanceOf(Skip.class);
    assertThat(decoder.decode(message("tributary", "{\"heartbeat\":true}")))
        .isInstanceOf(Skip.class);
    assertThat(decoder.decode(message(CaptureNames.REVERSE_FENCE_PREFIX, "not json")))
        .isInstanceOf(Skip.class);
  }

  @Test
  @DisplayName("A delete carries the old row; a value the encoding cannot read is a reject")
  void deletesAndUnreadableValues() {
    Decoded d = decoder.decode(change("d", "app_schema", "notes", 0x400L, 9, "gone"));
    assertThat(((Change) d).change().op()).isEqualTo(Op.DELETE);
    assertThat(((Change) d).change().before().get("id").asLong()).isEqualTo(9);
    assertThat(((Change) d).change().after()).isEmpty();
    Decoded bad =
        decoder.decode(
            change("c", "app_schema", "notes", 0x400L, 9, "__debezium_unavailable_value"));
    assertThat(bad).isInstanceOf(Change.class);
    assertThat(((Change) bad).change().after()).doesNotContainKey("text");
  }

  @Test
  @DisplayName("WAL positions are spelled as PostgreSQL spells them, both ways")
  void positions() {
    assertThat(ReverseRecordDecoder.lsn(0x16_B374D848L)).isEqualTo("16/B374D848");
    assertThat(ReverseRecordDecoder.position("16/B374D848")).isEqualTo(0x16_B374D848L);
    assertThat(ReverseRecordDecoder.position("0/0")).isZero();
  }

  private static SourceRecord change(
      String op, String schema, String table, long lsn, long id, String text) {
    Struct row = new Struct(ROW).put("id", id).put("text", text).put("added", "plan column");
    Struct value =
        new Struct(ENVELOPE)
            .put("op", op)
            .put(
                "source",
                new Struct(SOURCE).put("lsn", lsn).put("schema", schema).put("table", table));
    if (op.equals("d")) {
      value.put("before", row);
    } else {
      value.put("after", row);
    }
    return new SourceRecord(Map.of(), Map.of(), "t", ENVELOPE, value);
  }

  private static SourceRecord message(String prefix, String content) {
    Struct value =
        new Struct(MESSAGE_ENVELOPE)
            .put("op", "m")
            .put("source", new Struct(SOURCE).put("lsn", 0x300L).put("schema", "").put("table", ""))
            .put(
                "message",
                new Struct(MESSAGE)
                    .put("prefix", prefix)
                    .put("content", content.getBytes(StandardCharsets.UTF_8)));
    return new SourceRecord(Map.of(), Map.of(), "t", MESSAGE_ENVELOPE, value);
  }
}
