package io.tributary.source.postgres.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.copy.CopyRows;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.value.Uuid5;
import io.tributary.source.spi.capture.ChunkWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChunkRepackerTest {
  private static final PassthroughPlan PLAN =
      PassthroughPlan.of(
          SnapshotTables.TABLE, SnapshotTables.SOURCE_TYPES, true, SnapshotTables::targetOid);

  /** A field in COPY form: its length and bytes (null: NULL). */
  private static byte[] field(byte[] value) {
    if (value == null) {
      return ByteBuffer.allocate(4).putInt(-1).array();
    }
    return ByteBuffer.allocate(4 + value.length).putInt(value.length).put(value).array();
  }

  private static byte[] text(String value) {
    return field(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** A one-dimensional array of enum labels in array_send's form. */
  private static byte[] labels(long elementOid, String... labels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ByteBuffer.allocate(20)
            .putInt(1)
            .putInt(0)
            .putInt((int) elementOid)
            .putInt(labels.length)
            .putInt(1)
            .array());
    for (String label : labels) {
      out.writeBytes(text(label));
    }
    return field(out.toByteArray());
  }

  /** A source row as the plan's COPY sends it: id, name, moods, span, qty as read, then id. */
  private static byte[] row(String id, String name, byte[] moods, String span, String qty) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(2).putShort((short) 6).array());
    out.writeBytes(text(id));
    out.writeBytes(text(name));
    out.writeBytes(moods);
    out.writeBytes(text(span));
    out.writeBytes(text(qty));
    out.writeBytes(text(id));
    return out.toByteArray();
  }

  @Test
  void rowsAreRepackedColumnByColumnAsThePlanSays() {
    List<SnapshotChunk> chunks = new ArrayList<>();
    ChunkWriter writer = new ChunkWriter(SnapshotTables.TABLE, 4, 0, true, 1 << 20, 1 << 20);
    writer.read("0/16B3748", "blocks 0-8");
    ChunkRepacker repacker = new ChunkRepacker(PLAN, writer, chunks::add);

    byte[] first =
        row("42", "alpha", labels(SnapshotTables.MOOD.oid(), "happy", "so-so"), "P1D", "7");
    byte[] padded = new byte[first.length + 10];
    System.arraycopy(first, 0, padded, 3, first.length);
    repacker.row(padded, 3, first.length);
    byte[] tooBig = row("43", "beta", labels(SnapshotTables.MOOD.oid()), null, "99999999999");
    repacker.row(tooBig, 0, tooBig.length);
    byte[] nulls = row("44", null, field(null), null, null);
    repacker.row(nulls, 0, nulls.length);
    repacker.finish();

    assertThat(chunks).hasSize(1);
    SnapshotChunk chunk = chunks.get(0);
    assertThat(chunk.range()).isEqualTo("blocks 0-8");
    assertThat(chunk.rows()).isEqualTo(2);
    CopyRows rows = CopyRows.index(chunk.copy());
    assertThat(rows.fieldCount(0)).isEqualTo(7);
    // id: uuid5 of the legacy key
    ByteBuffer id = ByteBuffer.wrap(rows.field(0, 0));
    assertThat(new UUID(id.getLong(), id.getLong()))
        .isEqualTo(Uuid5.remap(SnapshotTables.NAMESPACE, "42"));
    assertThat(new String(rows.field(0, 1), StandardCharsets.UTF_8)).isEqualTo("alpha");
    // moods: the same array with the target's enum oid
    ByteBuffer moods = ByteBuffer.wrap(rows.field(0, 2));
    assertThat(moods.getInt(8)).isEqualTo((int) SnapshotTables.TARGET_MOOD_OID);
    assertThat(rows.field(0, 2).length).isEqualTo(labels(0, "happy", "so-so").length - 4);
    assertThat(new String(rows.field(0, 3), StandardCharsets.UTF_8)).isEqualTo("P1D");
    assertThat(ByteBuffer.wrap(rows.field(0, 4)).getLong()).isEqualTo(7L);
    // the key as a change record of the row carries it, and the row's place
    assertThat(new String(rows.field(0, 5), StandardCharsets.UTF_8)).isEqualTo("{\"id\":42}");
    assertThat(ByteBuffer.wrap(rows.field(0, 6)).getInt()).isZero();

    assertThat(rows.field(1, 1)).isNull();
    assertThat(rows.field(1, 2)).isNull();
    assertThat(rows.field(1, 4)).isNull();
    assertThat(ByteBuffer.wrap(rows.field(1, 6)).getInt()).isEqualTo(2);

    assertThat(chunk.rejects()).hasSize(1);
    SnapshotChunk.Reject reject = chunk.rejects().get(0);
    assertThat(reject.row()).isEqualTo(1);
    assertThat(reject.key()).isEqualTo("{\"id\":43}");
    assertThat(reject.reason()).startsWith("column qty (integer): ");
    assertThat(reject.data()).contains("\"qty\":\"99999999999\"");
  }

  @Test
  void aLongReadHandsOnEachChunkAsItCloses() {
    List<SnapshotChunk> chunks = new ArrayList<>();
    ChunkWriter writer = new ChunkWriter(SnapshotTables.TABLE, 1, 0, true, 300, 1 << 20);
    writer.read("0/1", "blocks 0-");
    ChunkRepacker repacker = new ChunkRepacker(PLAN, writer, chunks::add);
    for (int i = 0; i < 20; i++) {
      byte[] row = row(Integer.toString(i), "name " + i, field(null), null, Integer.toString(i));
      repacker.row(row, 0, row.length);
      if (i == 10) {
        assertThat(chunks).as("chunks closed before the read ends").isNotEmpty();
      }
    }
    repacker.finish();
    assertThat(chunks.stream().mapToInt(SnapshotChunk::rows).sum()).isEqualTo(20);
  }
}
