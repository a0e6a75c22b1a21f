package io.tributary.common.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The streaming envelope is byte for byte the envelope the tree codec prints. */
class EnvelopeWriterTest {
  private static final List<ColumnDef> COLUMNS =
      List.of(
          new ColumnDef("id", "", "id", TargetType.UUID, 1, false),
          new ColumnDef("Mixed \"Name\"", "", "mixed", TargetType.TEXT, 0, true),
          new ColumnDef("score", "", "score", TargetType.DOUBLE, 0, true),
          new ColumnDef("blob_in_text", "", "blob_in_text", TargetType.TEXT, 0, true),
          new ColumnDef("at", "", "at", TargetType.TIMESTAMPTZ, 0, true),
          new ColumnDef("embedding", "", "embedding", TargetType.VECTOR, 0, true));

  private static final Object[] ROW = {
    UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
    "line\nbreak ☃",
    null,
    new byte[] {1, 2, 3},
    OffsetDateTime.of(2025, 7, 15, 18, 42, 42, 500_000_000, ZoneOffset.UTC),
    new float[] {0.25f, -1f, 3.5e-3f}
  };

  private static String tree(Op op, SourceInfo source, long tsMs) {
    ObjectNode after = ChangeEventCodec.MAPPER.createObjectNode();
    for (int i = 0; i < COLUMNS.size(); i++) {
      after.set(COLUMNS.get(i).name(), ValueCodec.toJson(ROW[i], COLUMNS.get(i).targetType()));
    }
    return ChangeEventCodec.encodeToString(new ChangeEvent(null, after, op, tsMs, source));
  }

  @Test
  void printsTheBytesTheTreeCodecPrints() {
    EnvelopeWriter writer = new EnvelopeWriter();
    SourceInfo full =
        new SourceInfo("sqlite", "m.s", "/data/app.db", "main", "items", "true", 42L, 1700L);
    SourceInfo sparse = new SourceInfo("sqlite", "m.s", null, null, "items", null, 7L, 1L);
    for (Op op : List.of(Op.READ, Op.CREATE, Op.UPDATE)) {
      for (SourceInfo source : List.of(full, sparse)) {
        String streamed =
            new String(writer.write(op, COLUMNS, ROW, source, 123L), StandardCharsets.UTF_8);
        assertThat(streamed).as("%s, %s", op, source).isEqualTo(tree(op, source, 123L));
      }
    }
  }

  @Test
  void printsKeysAsTheTreeCodec() {
    List<ColumnDef> key = List.of(COLUMNS.get(0), COLUMNS.get(1), COLUMNS.get(3));
    List<Object> values = Arrays.asList(ROW[0], ROW[1], ROW[3]);
    ObjectNode tree = ChangeEventCodec.MAPPER.createObjectNode();
    for (int i = 0; i < key.size(); i++) {
      tree.set(key.get(i).name(), ValueCodec.toJson(values.get(i), key.get(i).targetType()));
    }
    assertThat(new EnvelopeWriter().writeKey(key, values))
        .isEqualTo(ChangeEventCodec.encodeKey(tree));
  }

  /**
   * A key of text outside the Basic Multilingual Plane (an emoji), or of a lone surrogate, prints
   * the same through the tree codec (a delete's key) as through the writer (an insert's or update's
   * key, a snapshot chunk's): the same Kafka key, so the same partition and order.
   */
  @Test
  void keysOutsideTheBasicPlanePrintAlikeBothWays() {
    EnvelopeWriter writer = new EnvelopeWriter();
    for (String text :
        List.of("\ud83d\ude00", "tag \ud83d\ude00 x", "lone \ud83d high", "\ude00 low")) {
      String value = text;
      ColumnDef column = new ColumnDef("id", "", "id", TargetType.TEXT, 1, false);
      ObjectNode tree = ChangeEventCodec.MAPPER.createObjectNode();
      tree.set("id", ValueCodec.toJson(value, TargetType.TEXT));
      assertThat(ChangeEventCodec.encodeKey(tree))
          .as(text)
          .isEqualTo(writer.writeKey(List.of(column), List.of(value)));
      assertThat(ChangeEventCodec.decodeKey(ChangeEventCodec.encodeKey(tree).getBytes(UTF_8)))
          .as("read back, the same text")
          .isEqualTo(tree);
    }
  }

  /**
   * A key of one integer or text column, written by hand, is what the generator prints, for hostile
   * names and values: quotes, backslashes, every control character, DEL, surrogate pairs and lone
   * surrogates, U+2028 and U+2029, NUL, U+FFFD, a byte-order mark, long text; values of other types
   * go to the generator.
   */
  @Test
  void keysOfOneColumnWrittenByHandAreWhatTheGeneratorPrints() {
    List<String> texts = new ArrayList<>();
    texts.addAll(
        List.of(
            "",
            "1",
            "plain",
            "0e8400e2-9b41-4d6a-a716-446655440000",
            "quote \" and \\ backslash \\\"",
            "\"",
            "\\",
            "/slash/",
            "caf\u00e9 \u65e5\u672c \ud83d\ude00 pair",
            "lone \ud83d high",
            "lone \ude00 low",
            "\u2028\u2029",
            "\u0000",
            "NUL \u0000 inside",
            "\uFFFD\uFEFF\u0085\u00a0",
            "\u007f del",
            "x".repeat(10_000) + "\"",
            "<script>&amp;'</script>"));
    for (char c = 0; c < 0x20; c++) {
      texts.add("control " + c + " char");
    }
    List<Object> values = new ArrayList<>(texts);
    values.addAll(
        Arrays.asList(
            0L,
            -1L,
            42,
            (short) 7,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Integer.MIN_VALUE,
            3.5,
            null,
            true,
            new byte[] {1, 2},
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
    List<String> names =
        List.of("id", "Mixed \"Name\"", "back\\slash", "tab\tname", "\u00e9t\u00e9");
    EnvelopeWriter writer = new EnvelopeWriter();
    int byHand = 0;
    for (String name : names) {
      for (TargetType type :
          new TargetType[] {TargetType.TEXT, TargetType.BIGINT, TargetType.UUID}) {
        List<ColumnDef> key = List.of(new ColumnDef(name, "", name, type, 1, false));
        for (Object value : values) {
          List<Object> keyValues = Arrays.asList(value);
          String generated = writer.keyByGenerator(key, keyValues);
          assertThat(writer.writeKey(key, keyValues))
              .as("%s %s = %s", type, name, value)
              .isEqualTo(generated);
          if (EnvelopeWriter.singleKey(name, value) != null) {
            byHand++;
          }
        }
      }
    }
    // most keys are written by hand: not every one fell back to the generator
    assertThat(byHand).isGreaterThan(3 * 3 * 15);
  }

  @Test
  void decodesAsTheEventItPrints() {
    SourceInfo source = new SourceInfo("sqlite", "m.s", "/d.db", "main", "items", "last", 9L, 5L);
    ChangeEvent event =
        ChangeEventCodec.decode(new EnvelopeWriter().write(Op.READ, COLUMNS, ROW, source, 6L));
    assertThat(event.op()).isEqualTo(Op.READ);
    assertThat(event.source()).isEqualTo(source);
    assertThat(event.after().get("Mixed \"Name\"").asText()).isEqualTo("line\nbreak ☃");
    assertThat(event.after().get("blob_in_text").get(ValueCodec.BINARY_FIELD).asText())
        .isEqualTo("AQID");
  }
}
