package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.source.sqlite.vtab.Vec0Table;
import io.tributary.source.sqlite.vtab.VirtualTableDeclaration;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hashes and the diff that find vec0 rows changed in place, on chunks laid out as sqlite-vec
 * lays them out (validity bitmap, little-endian rowids, vector slots, 1-bit, 8-byte and 16-byte
 * metadata slots), without files or the extension.
 */
class Vec0ChunkDiffTest {
  private static final int SLOTS = 16;

  private static final Vec0Table TABLE =
      Vec0Table.parse(
          VirtualTableDeclaration.parse(
              "items",
              "CREATE VIRTUAL TABLE items USING vec0(embedding float[4], small int8[3],"
                  + " flag boolean, category integer, score float, label text, +note text,"
                  + " chunk_size=16)"));

  /** A chunk as sqlite-vec would hold it, slots 0..rows-1 valid with rowids 100 + slot. */
  private static final class Blobs {
    final byte[] validity = new byte[SLOTS / 8];
    final byte[] rowids = new byte[SLOTS * 8];
    final byte[] embedding = new byte[SLOTS * 16];
    final byte[] small = new byte[SLOTS * 3];
    final byte[] flag = new byte[SLOTS / 8];
    final byte[] category = new byte[SLOTS * 8];
    final byte[] score = new byte[SLOTS * 8];
    final byte[] label = new byte[SLOTS * 16];

    Blobs(int rows) {
      for (int slot = 0; slot < rows; slot++) {
        validity[slot / 8] |= (byte) (1 << (slot % 8));
        le(rowids).putLong(slot * 8, 100 + slot);
        for (int d = 0; d < 4; d++) {
          le(embedding).putFloat(slot * 16 + d * 4, slot + d / 10f);
        }
        small[slot * 3] = (byte) slot;
        if (slot % 2 == 1) {
          flag[slot / 8] |= (byte) (1 << (slot % 8));
        }
        le(category).putLong(slot * 8, slot * 7L);
        le(score).putDouble(slot * 8, slot * 1.5);
        text(slot, "label " + slot);
      }
    }

    void text(int slot, String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      Arrays.fill(label, slot * 16, slot * 16 + 16, (byte) 0);
      le(label).putInt(slot * 16, utf8.length);
      System.arraycopy(utf8, 0, label, slot * 16 + 4, Math.min(12, utf8.length));
    }

    Vec0Chunk chunk() {
      return new Vec0Chunk(
          TABLE,
          7,
          validity.clone(),
          rowids.clone(),
          List.of(embedding.clone(), small.clone()),
          List.of(flag.clone(), category.clone(), score.clone(), label.clone()));
    }
  }

  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** What capture emitted: every valid row's hash as the chunk holds it now. */
  private static Map<Long, Long> emitted(Vec0Chunk chunk) {
    Map<Long, Long> out = new HashMap<>();
    for (int slot = 0; slot < chunk.slots(); slot++) {
      if (chunk.valid(slot)) {
        out.put(chunk.rowid(slot), chunk.rowHash(slot));
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "The hash of an emitted row (its vectors as emitted, int8 widened and narrowed back; its"
          + " metadata slots as read by key) equals its slot hash in the chunk")
  void emittedHashEqualsChunkHash() {
    Blobs blobs = new Blobs(12);
    Vec0Chunk chunk = blobs.chunk();
    for (int slot = 0; slot < 12; slot++) {
      Vec0RowHash emitted = new Vec0RowHash();
      byte[] embedding = Arrays.copyOfRange(blobs.embedding, slot * 16, slot * 16 + 16);
      emitted.vector(embedding, 0, embedding.length);
      // the view widens int8 to float32; capture narrows it back to the bytes sqlite-vec holds
      byte[] small = Arrays.copyOfRange(blobs.small, slot * 3, slot * 3 + 3);
      emitted.vector(small, 0, small.length);
      // as Vec0HashStatementBuilder.rowSlots reads them: the byte holding the bit, 8, 8, 16 bytes
      emitted.metadata(Vec0Table.Type.BOOLEAN, new byte[] {blobs.flag[slot / 8]}, slot % 8);
      emitted.metadata(
          Vec0Table.Type.INTEGER, Arrays.copyOfRange(blobs.category, slot * 8, slot * 8 + 8), 0);
      emitted.metadata(
          Vec0Table.Type.FLOAT, Arrays.copyOfRange(blobs.score, slot * 8, slot * 8 + 8), 0);
      emitted.metadata(
          Vec0Table.Type.TEXT, Arrays.copyOfRange(blobs.label, slot * 16, slot * 16 + 16), 0);
      assertThat(emitted.value()).as("slot %d", slot).isEqualTo(chunk.rowHash(slot));
    }
    assertThat(chunk.rowHash(2)).isNotEqualTo(chunk.rowHash(3));
  }

  @Test
  @DisplayName("A chunk whose rows are all as emitted is clean: nothing to log, its hash is kept")
  void unchangedChunkIsClean() {
    Vec0Chunk chunk = new Blobs(12).chunk();
    Vec0ChunkDiff diff = Vec0ChunkDiff.of(chunk, emitted(chunk));
    assertThat(diff.changed()).isEmpty();
    assertThat(diff.stale()).isEmpty();
    assertThat(diff.notEmitted()).isZero();
    assertThat(diff.clean()).isTrue();
    assertThat(diff.chunkHash()).isEqualTo(new Blobs(12).chunk().hash());
  }

  @Test
  @DisplayName(
      "Each kind of in-place write (a vector, an int8 vector, a boolean bit, an integer, a float,"
          + " a short text) changes the chunk's hash and marks exactly its row")
  void inPlaceWritesMarkTheirRow() {
    Blobs before = new Blobs(12);
    Map<Long, Long> emitted = emitted(before.chunk());
    long chunkHash = before.chunk().hash();
    List<Consumer<Blobs>> writes =
        List.of(
            b -> le(b.embedding).putFloat(3 * 16 + 8, 42f),
            b -> b.small[3 * 3 + 2] = (byte) -5,
            b -> b.flag[0] ^= (byte) (1 << 3),
            b -> le(b.category).putLong(3 * 8, 1234),
            b -> le(b.score).putDouble(3 * 8, -0.0),
            b -> b.text(3, "changed"));
    for (int i = 0; i < writes.size(); i++) {
      Blobs after = new Blobs(12);
      writes.get(i).accept(after);
      Vec0Chunk chunk = after.chunk();
      assertThat(chunk.hash()).as("write %d", i).isNotEqualTo(chunkHash);
      Vec0ChunkDiff diff = Vec0ChunkDiff.of(chunk, emitted);
      assertThat(diff.changed()).as("write %d", i).containsExactly(103L);
      assertThat(diff.clean()).isFalse();
    }
  }

  @Test
  @DisplayName(
      "A row changed and changed back after capture emitted the change is found: it is compared"
          + " with what was emitted, not with the chunk as last scanned")
  void changedBackAfterEmissionIsFound() {
    Blobs original = new Blobs(4);
    Blobs updated = new Blobs(4);
    le(updated.category).putLong(1 * 8, 99);
    Map<Long, Long> emitted = emitted(original.chunk());
    // capture emitted the update (a trigger-logged change read the row while it held 99) ...
    emitted.put(101L, updated.chunk().rowHash(1));
    // ... then the application wrote the old value back in place
    Vec0ChunkDiff diff = Vec0ChunkDiff.of(original.chunk(), emitted);
    assertThat(diff.changed()).containsExactly(101L);
  }

  @Test
  @DisplayName(
      "Rows not emitted yet are left to their insert or snapshot (and keep the chunk unclean);"
          + " hashes of rowids the chunk no longer holds are stale")
  void notEmittedAndStaleRows() {
    Blobs blobs = new Blobs(6);
    Vec0Chunk full = blobs.chunk();
    Map<Long, Long> emitted = emitted(full);
    emitted.remove(104L); // inserted, its change-log entry not read yet
    // row 102 deleted: sqlite-vec clears its validity bit
    blobs.validity[0] &= (byte) ~(1 << 2);
    Vec0ChunkDiff diff = Vec0ChunkDiff.of(blobs.chunk(), emitted);
    assertThat(diff.changed()).isEmpty();
    assertThat(diff.notEmitted()).isEqualTo(1);
    assertThat(diff.stale()).containsExactly(102L);
    assertThat(diff.clean()).isFalse();
    assertThat(blobs.chunk().hash()).isNotEqualTo(full.hash());
  }

  @Test
  @DisplayName("A blob too short for its slots is refused, naming the table, chunk and column")
  void shortBlobsAreRefused() {
    Blobs blobs = new Blobs(2);
    Vec0Chunk chunk =
        new Vec0Chunk(
            TABLE,
            9,
            blobs.validity,
            blobs.rowids,
            List.of(blobs.embedding, blobs.small),
            List.of(blobs.flag, new byte[8], blobs.score, blobs.label));
    assertThatThrownBy(() -> chunk.rowHash(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vec0 table items, chunk 9, column category");
    assertThatThrownBy(
            () -> new Vec0Chunk(TABLE, 9, blobs.validity, blobs.rowids, List.of(), List.of()))
        .hasMessageContaining("has 0 vector and 0 metadata blobs, not 2 and 4");
  }
}
