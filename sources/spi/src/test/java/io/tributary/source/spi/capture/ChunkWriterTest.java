package io.tributary.source.spi.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkWriterTest {
  private static final TableDef TABLE =
      new TableDef(
          "app",
          "main",
          "items",
          "app",
          "items",
          "tributary.m.app.main.items",
          List.of(
              new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("qty", "INTEGER", "qty", TargetType.INTEGER, 0, true),
              new ColumnDef("name", "TEXT", "name", TargetType.TEXT, 0, true)));

  private static String key(long id) {
    return "{\"id\":" + id + "}";
  }

  @Test
  void rowsAreCastAndEncodedIntoOneChunkPerReadWithTheirKeysAndPlaces() {
    ChunkWriter writer = new ChunkWriter(TABLE, 3, 0, true, 1 << 20, 1 << 20);
    writer.read("7");
    writer.add(new Object[] {1L, "12", "one"}, key(1), () -> "unused");
    writer.add(new Object[] {2L, 5L, null}, key(2), () -> "unused");
    List<SnapshotChunk> chunks = writer.finish();

    assertThat(chunks).hasSize(1);
    SnapshotChunk chunk = chunks.get(0);
    assertThat(chunk.table()).isEqualTo(TABLE.topic());
    assertThat(chunk.generation()).isEqualTo(3);
    assertThat(chunk.number()).isEqualTo(1);
    assertThat(chunk.rows()).isEqualTo(2);
    assertThat(chunk.position()).isEqualTo("7");
    assertThat(chunk.range()).isEqualTo("first {\"id\":1} last {\"id\":2}");
    assertThat(chunk.columns()).isEqualTo(SnapshotChunk.fingerprint(TABLE, true));
    assertThat(chunk.rejects()).isEmpty();
    List<List<byte[]>> rows = rows(chunk.copy());
    assertThat(rows).hasSize(2);
    // id bigint, qty integer (the text "12" cast as apply casts it), name text, key, place
    assertThat(ByteBuffer.wrap(rows.get(0).get(0)).getLong()).isEqualTo(1L);
    assertThat(ByteBuffer.wrap(rows.get(0).get(1)).getInt()).isEqualTo(12);
    assertThat(new String(rows.get(0).get(2), StandardCharsets.UTF_8)).isEqualTo("one");
    assertThat(new String(rows.get(0).get(3), StandardCharsets.UTF_8)).isEqualTo(key(1));
    assertThat(ByteBuffer.wrap(rows.get(0).get(4)).getInt()).isZero();
    assertThat(rows.get(1).get(2)).as("NULL").isNull();
    assertThat(ByteBuffer.wrap(rows.get(1).get(4)).getInt()).isEqualTo(1);
    assertThat(writer.lastNumber()).isEqualTo(1);
  }

  @Test
  void rejectsPastTheirBudgetOpenTheNextChunkSoARecordStaysBounded() {
    // a chunk of 64 KiB may carry 128 KiB of rejects (at least twice what one reject keeps)
    ChunkWriter writer = new ChunkWriter(TABLE, 1, 0, true, 64 * 1024, 1 << 20);
    writer.read("1");
    String big = "x".repeat(40_000);
    writer.add(new Object[] {1L, 1L, "ok"}, key(1), () -> "unused");
    for (int i = 2; i <= 5; i++) {
      writer.add(new Object[] {(long) i, "not a number", "bad"}, key(i), () -> big);
    }
    writer.add(new Object[] {6L, 6L, "ok"}, key(6), () -> "unused");
    List<SnapshotChunk> chunks = writer.finish();

    // 4 rejects of ~120 KB each (3 bytes a character): one per chunk, past the first
    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks.stream().mapToInt(c -> c.rejects().size()).sum()).isEqualTo(4);
    assertThat(chunks.stream().mapToInt(SnapshotChunk::rows).sum()).isEqualTo(2);
    for (SnapshotChunk chunk : chunks) {
      assertThat(chunk.headers().get(SnapshotChunk.REJECTS_HEADER))
          .as("rejects of chunk %d", chunk.number())
          .satisfiesAnyOf(
              h -> assertThat(h).isNull(), h -> assertThat(h.length()).isLessThan(200_000));
      // places number a chunk's rows and rejects together, from 0
      List<Integer> places = new ArrayList<>();
      chunk.rejects().forEach(r -> places.add(r.row()));
      assertThat(places).allSatisfy(p -> assertThat(p).isLessThan(chunk.rows() + places.size()));
    }
    assertThat(chunks.get(0).rejects())
        .extracting(SnapshotChunk.Reject::key)
        .first()
        .isEqualTo(key(2));
  }

  @Test
  void aChunkClosesAtItsSizeAndTheNextIsNumberedOnFromWhatWasSent() {
    ChunkWriter writer = new ChunkWriter(TABLE, 1, 41, false, 200, 1 << 20);
    writer.read("9");
    for (long id = 1; id <= 20; id++) {
      writer.add(new Object[] {id, id, "row number " + id}, key(id), () -> "unused");
    }
    List<SnapshotChunk> chunks = writer.finish();

    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks).extracting(SnapshotChunk::number).first().isEqualTo(42L);
    int total = 0;
    long expectedId = 1;
    for (int i = 0; i < chunks.size(); i++) {
      SnapshotChunk chunk = chunks.get(i);
      assertThat(chunk.number()).isEqualTo(42L + i);
      assertThat(chunk.copy().length).as("chunk %d", i).isLessThanOrEqualTo(200);
      for (List<byte[]> row : rows(chunk.copy())) {
        assertThat(row).hasSize(3);
        assertThat(ByteBuffer.wrap(row.get(0).clone()).getLong()).isEqualTo(expectedId++);
      }
      total += chunk.rows();
      assertThat(rows(chunk.copy())).hasSize(chunk.rows());
    }
    assertThat(total).isEqualTo(20);
    assertThat(writer.lastNumber()).isEqualTo(41L + chunks.size());
  }

  @Test
  void aRowThatCannotBeCastIsAChunkRejectWithApplysReason() {
    ChunkWriter writer = new ChunkWriter(TABLE, 1, 0, true, 1 << 20, 1 << 20);
    writer.read("1");
    writer.add(new Object[] {1L, 1L, "a"}, key(1), () -> "unused");
    writer.add(new Object[] {2L, "lots", "b"}, key(2), () -> "{\"id\":2,\"qty\":\"lots\"}");
    writer.add(new Object[] {null, 3L, "c"}, "{\"id\":null}", () -> "{\"id\":null}");
    writer.add(new Object[] {4L, 4L, "d"}, key(4), () -> "unused");
    SnapshotChunk chunk = writer.finish().get(0);

    assertThat(chunk.rows()).isEqualTo(2);
    assertThat(chunk.rejects())
        .extracting(SnapshotChunk.Reject::row, SnapshotChunk.Reject::key)
        .containsExactly(tuple(1, key(2)), tuple(2, "{\"id\":null}"));
    assertThat(chunk.rejects().get(0).reason()).startsWith("column qty (integer): ");
    assertThat(chunk.rejects().get(0).data()).isEqualTo("{\"id\":2,\"qty\":\"lots\"}");
    assertThat(chunk.rejects().get(1).reason()).isEqualTo("key column id is NULL");
    // the rows that load keep their places among every row read
    assertThat(rows(chunk.copy()))
        .extracting(r -> ByteBuffer.wrap(r.get(4)).getInt())
        .containsExactly(0, 3);
  }

  @Test
  void aRowTooLargeForARecordIsRefusedNotSent() {
    ChunkWriter writer = new ChunkWriter(TABLE, 1, 0, false, 1 << 20, 100);
    writer.read("1");
    writer.add(new Object[] {1L, 1L, "x".repeat(500)}, key(1), () -> "big");
    writer.add(new Object[] {2L, 2L, "small"}, key(2), () -> "unused");
    SnapshotChunk chunk = writer.finish().get(0);

    assertThat(chunk.rows()).isEqualTo(1);
    assertThat(chunk.rejects()).hasSize(1);
    assertThat(chunk.rejects().get(0).reason())
        .contains("over the 100 bytes a snapshot chunk may carry")
        .contains("tributary.capture.max-record-bytes");
    assertThat(rows(chunk.copy())).hasSize(1);
  }

  @Test
  void aReadOfNoRowsMakesNoChunkAndOneOfRejectsOnlyMakesAnEmptyOne() {
    ChunkWriter writer = new ChunkWriter(TABLE, 1, 0, false, 1 << 20, 1 << 20);
    writer.read("1");
    assertThat(writer.finish()).isEmpty();
    writer.read("2");
    writer.add(new Object[] {1L, "nope", "a"}, key(1), () -> "{}");
    List<SnapshotChunk> chunks = writer.finish();
    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).rows()).isZero();
    assertThat(chunks.get(0).range()).isEqualTo("no rows");
    assertThat(rows(chunks.get(0).copy())).isEmpty();
    assertThat(chunks.get(0).rejects()).hasSize(1);
  }

  @Test
  void aChunkReadBackFromItsHeadersIsTheSameAndADamagedOneIsRefused() {
    ChunkWriter writer = new ChunkWriter(TABLE, 2, 0, true, 1 << 20, 1 << 20);
    writer.read("5");
    writer.add(new Object[] {1L, "x", "a"}, key(1), () -> "{\"id\":1}");
    writer.add(new Object[] {2L, 2L, "b"}, key(2), () -> "unused");
    SnapshotChunk chunk = writer.finish().get(0);
    Map<String, String> headers = chunk.headers();
    assertThat(headers).containsEntry(Topics.GENERATION_HEADER, "2");

    assertThat(SnapshotChunk.read(chunk.table(), chunk.copy(), headers::get)).isEqualTo(chunk);

    byte[] damaged = chunk.copy().clone();
    damaged[damaged.length - 3] ^= 1;
    assertThatThrownBy(() -> SnapshotChunk.read(chunk.table(), damaged, headers::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is damaged");
    assertThatThrownBy(
            () ->
                SnapshotChunk.read(
                    chunk.table(),
                    chunk.copy(),
                    name -> name.equals(SnapshotChunk.ROWS_HEADER) ? null : headers.get(name)))
        .hasMessage("the snapshot chunk of " + TABLE.topic() + " has no tributary-chunk-rows");
  }

  @Test
  void rowsMustBelongToAStartedRead() {
    ChunkWriter writer = new ChunkWriter(TABLE, 1, 0, false, 1 << 20, 1 << 20);
    assertThatThrownBy(() -> writer.add(new Object[] {1L, 1L, "a"}, key(1), () -> ""))
        .isInstanceOf(IllegalStateException.class);
  }

  /** The fields of one row as {@code COPY} writes them: id bigint, qty integer, name text. */
  private static byte[] encoded(long id, int qty, String name) {
    byte[] text = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(12 + 8 + 4 + text.length)
        .putInt(8)
        .putLong(id)
        .putInt(4)
        .putInt(qty)
        .putInt(text.length)
        .put(text)
        .array();
  }

  @Test
  void rowsAlreadyInCopyFormGoInAsRowsOfValuesDoWithTheirKeysAndPlaces() {
    ChunkWriter raw = new ChunkWriter(TABLE, 3, 0, true, 1 << 20, 1 << 20);
    ChunkWriter cast = new ChunkWriter(TABLE, 3, 0, true, 1 << 20, 1 << 20);
    raw.read("7");
    cast.read("7");
    byte[] padded = new byte[100];
    byte[] first = encoded(1, 12, "one");
    System.arraycopy(first, 0, padded, 5, first.length);
    raw.addEncoded(padded, 5, first.length, key(1), () -> "unused");
    cast.add(new Object[] {1L, "12", "one"}, key(1), () -> "unused");
    raw.reject(key(2), () -> "{\"id\":2}", "column qty (integer): not a number");
    cast.add(new Object[] {2L, "lots", "two"}, key(2), () -> "{\"id\":2}");
    byte[] third = encoded(3, 3, "three");
    raw.addEncoded(third, 0, third.length, key(3), () -> "unused");
    cast.add(new Object[] {3L, 3L, "three"}, key(3), () -> "unused");

    SnapshotChunk fromRaw = raw.finish().get(0);
    SnapshotChunk fromValues = cast.finish().get(0);
    assertThat(fromRaw.copy()).isEqualTo(fromValues.copy());
    assertThat(fromRaw.rows()).isEqualTo(2);
    assertThat(fromRaw.rejects())
        .extracting(SnapshotChunk.Reject::row, SnapshotChunk.Reject::key)
        .containsExactly(tuple(1, key(2)));
    assertThat(fromRaw.rejects().get(0).data()).isEqualTo("{\"id\":2}");
  }

  @Test
  void rowsInCopyFormObeyTheSameBudgetAndLimitAndAReadMayNameItsRange() {
    ChunkWriter writer = new ChunkWriter(TABLE, 1, 0, false, 200, 100);
    writer.read("0/16B3748", "blocks 0-1024");
    List<SnapshotChunk> chunks = new ArrayList<>();
    byte[] big = encoded(99, 0, "x".repeat(200));
    writer.addEncoded(big, 0, big.length, null, () -> null);
    for (long id = 1; id <= 20; id++) {
      byte[] row = encoded(id, (int) id, "row number " + id);
      writer.addEncoded(row, 0, row.length, null, () -> "unused");
      chunks.addAll(writer.closed());
    }
    assertThat(chunks).as("closed while the read goes on").isNotEmpty();
    chunks.addAll(writer.finish());

    assertThat(chunks).extracting(SnapshotChunk::number).startsWith(1L, 2L);
    assertThat(chunks).extracting(SnapshotChunk::range).containsOnly("blocks 0-1024");
    assertThat(chunks).extracting(SnapshotChunk::position).containsOnly("0/16B3748");
    assertThat(chunks).allSatisfy(c -> assertThat(c.copy().length).isLessThanOrEqualTo(200));
    assertThat(chunks.stream().mapToInt(SnapshotChunk::rows).sum()).isEqualTo(20);
    List<SnapshotChunk.Reject> rejects =
        chunks.stream().flatMap(c -> c.rejects().stream()).toList();
    assertThat(rejects).hasSize(1);
    assertThat(rejects.get(0).row()).isZero();
    assertThat(rejects.get(0).key()).isNull();
    assertThat(rejects.get(0).data()).isNull();
    assertThat(rejects.get(0).reason()).contains("over the 100 bytes a snapshot chunk may carry");
    long expectedId = 1;
    for (SnapshotChunk chunk : chunks) {
      for (List<byte[]> row : rows(chunk.copy())) {
        assertThat(ByteBuffer.wrap(row.get(0)).getLong()).isEqualTo(expectedId++);
      }
    }
    writer.read("0/16B3748");
    byte[] row = encoded(1, 1, "a");
    writer.addEncoded(row, 0, row.length, key(1), () -> "unused");
    assertThat(writer.finish().get(0).range()).as("the next read names its keys").contains("first");
  }

  /** The fields of each row of a binary COPY stream (null for NULL). */
  private static List<List<byte[]>> rows(byte[] copy) {
    ByteBuffer in = ByteBuffer.wrap(copy);
    byte[] signature = new byte[11];
    in.get(signature);
    assertThat(new String(signature, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGCOP");
    in.getInt(); // flags
    in.position(in.position() + 4 + in.getInt(in.position()));
    List<List<byte[]>> rows = new ArrayList<>();
    while (true) {
      short fields = in.getShort();
      if (fields == -1) {
        assertThat(in.hasRemaining()).as("nothing after the trailer").isFalse();
        return rows;
      }
      List<byte[]> row = new ArrayList<>();
      for (int i = 0; i < fields; i++) {
        int length = in.getInt();
        if (length < 0) {
          row.add(null);
        } else {
          byte[] field = new byte[length];
          in.get(field);
          row.add(field);
        }
      }
      rows.add(row);
    }
  }
}
