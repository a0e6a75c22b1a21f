package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.EnvelopeWriter;
import io.tributary.common.event.Op;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.value.RowDecoder;
import io.tributary.common.value.ValueCastException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reader gives what decoding the tree and casting it gives: the same values, the same
 * refusals in the same words, for every kind of value and for broken events.
 */
class EnvelopeReaderTest {
  private static final TableDef TABLE =
      new TableDef(
          "app",
          "main",
          "items",
          "app",
          "items",
          "t.items",
          List.of(
              new ColumnDef("id", "TEXT", "id", TargetType.UUID, 1, false),
              new ColumnDef("n", "INTEGER", "n", TargetType.BIGINT, 0, true),
              new ColumnDef("small", "INTEGER", "small", TargetType.SMALLINT, 0, true),
              new ColumnDef("price", "NUMERIC", "price", TargetType.NUMERIC, 0, true),
              new ColumnDef("score", "REAL", "score", TargetType.DOUBLE, 0, true),
              new ColumnDef("name", "TEXT", "name", TargetType.TEXT, 0, true),
              new ColumnDef("flag", "BOOLEAN", "flag", TargetType.BOOLEAN, 0, true),
              new ColumnDef("doc", "TEXT", "doc", TargetType.JSONB, 0, true),
              new ColumnDef("at", "TEXT", "at", TargetType.TIMESTAMPTZ, 0, true),
              new ColumnDef("day", "TEXT", "day", TargetType.DATE, 0, true),
              new ColumnDef("raw", "BLOB", "raw", TargetType.BYTEA, 0, true),
              new ColumnDef("embedding", "BLOB", "embedding", TargetType.VECTOR, 0, true)));

  private static final String ID = "123e4567-e89b-12d3-a456-426614174000";
  private static final String SOURCE =
      "\"source\":{\"connector\":\"sqlite\",\"name\":\"m.app\",\"db\":\"/d.db\",\"schema\":\"main\","
          + "\"table\":\"items\",\"snapshot\":\"true\",\"pos\":42,\"tsMs\":1700,\"extra\":[1,{}]}";

  private static String event(String op, String after) {
    return "{\"before\":null,\"after\":"
        + after
        + ",\"op\":\""
        + op
        + "\",\"ts_ms\":9,"
        + SOURCE
        + "}";
  }

  /** Through the tree, as apply decoded every event before. */
  private static ChangeRecord.DecodedRow viaTree(byte[] value) {
    ChangeEvent event = ChangeEventCodec.decode(value);
    try {
      return new ChangeRecord.DecodedRow(RowDecoder.row(TABLE, event.after()), null);
    } catch (ValueCastException e) {
      return new ChangeRecord.DecodedRow(null, e.getMessage());
    }
  }

  private static void assertSameAsTree(String json) {
    byte[] value = json.getBytes(StandardCharsets.UTF_8);
    EnvelopeReader.Read read = new EnvelopeReader(TABLE).read(value);
    ChangeRecord.DecodedRow expected = viaTree(value);
    assertThat(read.row().error()).as(json).isEqualTo(expected.error());
    assertThat(read.row().values()).as(json).isEqualTo(expected.values());
    ChangeEvent tree = ChangeEventCodec.decode(value);
    assertThat(read.event().op()).isEqualTo(tree.op());
    assertThat(read.event().tsMs()).isEqualTo(tree.tsMs());
    assertThat(read.event().source()).isEqualTo(tree.source());
    assertThat(read.event().before()).isEqualTo(tree.before());
    assertThat(read.event().after()).isNull();
  }

  @Test
  void readsEveryKindOfValueAsTheTreeDoes() {
    assertSameAsTree(
        event(
            "r",
            "{\"id\":\""
                + ID
                + "\",\"n\":9007199254740993,\"small\":7,\"price\":\"12.50\",\"score\":0.1,"
                + "\"name\":\"line\\nbreak ☃\",\"flag\":\"yes\",\"doc\":{\"a\":[1,2.50,null]},"
                + "\"at\":\"2025-03-01 10:11:12.345678+02:00\",\"day\":\"2024-01-31\","
                + "\"raw\":\"AQID\",\"embedding\":[0.25,-1.0,3.5E-3,1,16777217]}"));
    assertSameAsTree(event("c", "{\"id\":\"" + ID + "\",\"price\":1.50,\"score\":1e300}"));
    assertSameAsTree(event("u", "{\"id\":\"" + ID + "\",\"n\":123456789012345678901234567890}"));
    // numbers where text is expected, text where numbers are, a timestamp as a Julian day
    assertSameAsTree(
        event(
            "u", "{\"id\":\"" + ID + "\",\"name\":12.5,\"n\":\"42\",\"at\":2460000.5,\"flag\":1}"));
    // a vector as pgvector's text, and as a BLOB
    assertSameAsTree(event("r", "{\"id\":\"" + ID + "\",\"embedding\":\"[1,2,3]\"}"));
    assertSameAsTree(
        event("r", "{\"id\":\"" + ID + "\",\"embedding\":{\"$binary\":\"AACAPwAAAEA=\"}}"));
    // columns missing, columns the table does not have, out of order
    assertSameAsTree(
        event("r", "{\"unknown\":{\"x\":[1]},\"name\":\"n\",\"id\":\"" + ID + "\",\"zz\":1}"));
  }

  @Test
  void refusesWhatTheTreeRefusesInTheSameWords() {
    assertSameAsTree(event("r", "{\"id\":null,\"name\":\"x\"}"));
    assertSameAsTree(event("r", "{\"name\":\"no key\"}"));
    assertSameAsTree(event("r", "{\"id\":\"not a uuid\"}"));
    assertSameAsTree(event("r", "{\"id\":\"" + ID + "\",\"small\":70000}"));
    assertSameAsTree(event("r", "{\"id\":\"" + ID + "\",\"embedding\":[1e39,2]}"));
    assertSameAsTree(event("r", "{\"id\":\"" + ID + "\",\"embedding\":[1,\"x\",null]}"));
    assertSameAsTree(event("r", "{\"id\":\"" + ID + "\",\"embedding\":[[1],2]}"));
    assertSameAsTree(event("r", "{\"id\":\"" + ID + "\",\"embedding\":[]}"));
    assertSameAsTree(event("r", "{\"id\":\"" + ID + "\",\"doc\":\"{not json\"}"));
    assertSameAsTree(event("r", "{\"id\":\"" + ID + "\",\"at\":\"yesterday\"}"));
    assertSameAsTree(event("c", "null"));
  }

  @Test
  void readsWhatCapturePrints() {
    SourceInfo source =
        new SourceInfo("sqlite", "m.app", "/d.db", "main", "items", "last", 42L, 1700L);
    Object[] row = {
      ID,
      42L,
      3L,
      "3.14",
      2.5,
      "name",
      1L,
      "{\"k\":\"v\"}",
      "2025-03-01T10:11:12Z",
      "2024-01-31",
      new byte[] {1, 2},
      new float[] {0.1f, -0.2f, 1e-7f}
    };
    byte[] value = new EnvelopeWriter().write(Op.READ, TABLE.columns(), row, source, 5L);
    EnvelopeReader.Read read = new EnvelopeReader(TABLE).read(value);
    assertThat(read.row().error()).isNull();
    assertThat(read.row().values()).isEqualTo(viaTree(value).values());
    assertThat(read.row().values()[0]).isEqualTo(UUID.fromString(ID));
    assertThat((float[]) read.row().values()[11]).containsExactly(0.1f, -0.2f, 1e-7f);
    assertThat(read.event().source()).isEqualTo(source);
  }

  @Test
  void aReaderGivesEachEventItsOwnSourceWhenTheTextsChange() {
    EnvelopeReader reader = new EnvelopeReader(TABLE);
    Object[] row = new Object[TABLE.columns().size()];
    row[0] = ID;
    List<SourceInfo> sources =
        List.of(
            new SourceInfo("sqlite", "m.app", "/d.db", "main", "items", "last", 1L, 10L),
            new SourceInfo("sqlite", "m.app", "/d.db", "main", "items", "last", 2L, 11L),
            new SourceInfo("sqlite", "m.app", "/e.db", "main", "items", "false", 3L, 12L),
            new SourceInfo("sqlite", "m.apq", "/e.db", "main", "itemz", "false", 4L, 13L),
            new SourceInfo(null, "m.apq", "/e.db", "mainx", "itemz", null, 5L, 14L),
            new SourceInfo("sqlite", "m.apq", "/e.db", "main", "items", "true", 6L, 15L));
    for (SourceInfo source : sources) {
      byte[] value = new EnvelopeWriter().write(Op.UPDATE, TABLE.columns(), row, source, 5L);
      assertThat(reader.read(value).event().source()).isEqualTo(source);
    }
  }

  @Test
  void keepsTheBeforeOfADeleteAndCastsNothing() {
    String json =
        "{\"before\":{\"id\":\""
            + ID
            + "\"},\"after\":null,\"op\":\"d\",\"ts_ms\":3,"
            + SOURCE
            + "}";
    EnvelopeReader.Read read =
        new EnvelopeReader(TABLE).read(json.getBytes(StandardCharsets.UTF_8));
    assertThat(read.row()).isNull();
    assertThat(read.event().op()).isEqualTo(Op.DELETE);
    assertThat(read.event().before().get("id").asText()).isEqualTo(ID);
  }

  @Test
  void saysWhatIsNotAChangeEvent() {
    EnvelopeReader reader = new EnvelopeReader(TABLE);
    assertThatThrownBy(() -> reader.read("{\"after\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("change event has no op");
    assertThatThrownBy(() -> reader.read("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a change event");
    assertThatThrownBy(() -> reader.read("{\"op\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown op 'x'");
    assertThatThrownBy(
            () -> reader.read("{\"op\":\"c\",\"after\":{\"id\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a change event");
    assertThatThrownBy(
            () -> reader.read("{\"op\":\"c\",\"after\":[1]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after is not a JSON object");
  }
}
