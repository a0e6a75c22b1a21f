package io.tributary.common.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.copy.CopyBinaryEncoder.Provenance;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyRowsTest {
  private static final List<ColumnDef> COLUMNS =
      List.of(
          new ColumnDef("id", "bigint", "id", TargetType.BIGINT, 1, false),
          new ColumnDef("name", "text", "name", TargetType.TEXT, 0, true),
          new ColumnDef("embedding", "vector", "embedding", TargetType.VECTOR, 0, true));

  private static byte[] stream(int rows) {
    CopyBinaryEncoder encoder = new CopyBinaryEncoder(COLUMNS).begin();
    for (long id = 1; id <= rows; id++) {
      encoder.row(new Object[] {id, id % 2 == 0 ? null : "row " + id, new float[] {id, -id}});
    }
    return encoder.end().toByteArray();
  }

  @Test
  void aStreamIsIndexedIntoItsRowsAndFieldsAsTheEncoderWroteThem() {
    CopyRows rows = CopyRows.index(stream(3));

    assertThat(rows.count()).isEqualTo(3);
    assertThat(rows.rowOffset(0)).isEqualTo(CopyRows.HEADER_BYTES);
    for (int row = 0; row < 3; row++) {
      assertThat(rows.fieldCount(row)).isEqualTo(3);
      assertThat(ByteBuffer.wrap(rows.field(row, 0)).getLong()).isEqualTo(row + 1L);
      ByteBuffer vector = ByteBuffer.wrap(rows.field(row, 2));
      assertThat(vector.getShort()).isEqualTo((short) 2);
      vector.getShort();
      assertThat(vector.getFloat()).isEqualTo(row + 1f);
    }
    assertThat(new String(rows.field(0, 1), StandardCharsets.UTF_8)).isEqualTo("row 1");
    assertThat(rows.field(1, 1)).as("NULL").isNull();
    assertThat(rows.rowOffset(2) + rows.rowLength(2)).isEqualTo(stream(3).length - 2);
    assertThatThrownBy(() -> rows.rowOffset(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aSubStreamIsAStreamOfThoseRowsAndEmptyOnesAreToo() {
    byte[] all = stream(5);
    CopyRows rows = CopyRows.index(all);

    CopyRows middle = CopyRows.index(rows.subStream(1, 4));
    assertThat(middle.count()).isEqualTo(3);
    assertThat(ByteBuffer.wrap(middle.field(0, 0)).getLong()).isEqualTo(2L);
    assertThat(ByteBuffer.wrap(middle.field(2, 0)).getLong()).isEqualTo(4L);
    assertThat(rows.subStream(0, 5)).isEqualTo(all);
    assertThat(rows.subStream(2, 2)).isEqualTo(stream(0));
    assertThat(CopyRows.index(stream(0)).count()).isZero();
  }

  @Test
  void aRowWithAppendedFieldsIsTheRowAChunkEncoderWritesWithItsProvenance() {
    byte[] plain = stream(2);
    CopyRows rows = CopyRows.index(plain);
    byte[] key = "{\"id\":2}".getBytes(StandardCharsets.UTF_8);
    byte[] extra =
        ByteBuffer.allocate(4 + key.length + 8)
            .putInt(key.length)
            .put(key)
            .putInt(4)
            .putInt(7)
            .array();

    byte[] row = rows.rowWith(1, 2, extra);

    CopyBinaryEncoder chunk = new CopyBinaryEncoder(COLUMNS, Provenance.CHUNK).begin();
    int start = chunk.length();
    chunk.row(new Object[] {2L, null, new float[] {2, -2}}, "{\"id\":2}", 7);
    assertThat(row).isEqualTo(Arrays.copyOfRange(chunk.array(), start, chunk.length()));
  }

  @Test
  void aPartialBufferSaysWhatIsCompleteInIt() {
    byte[] all = stream(2);
    assertThat(CopyRows.headerLength(all, 0, 5)).isEqualTo(CopyRows.INCOMPLETE);
    assertThat(CopyRows.headerLength(all, 0, all.length)).isEqualTo(CopyRows.HEADER_BYTES);
    int first = CopyRows.rowLength(all, CopyRows.HEADER_BYTES, all.length);
    assertThat(first).isPositive();
    for (int cut = CopyRows.HEADER_BYTES; cut < CopyRows.HEADER_BYTES + first; cut++) {
      assertThat(CopyRows.rowLength(all, CopyRows.HEADER_BYTES, cut))
          .isEqualTo(CopyRows.INCOMPLETE);
    }
    assertThat(CopyRows.rowLength(all, all.length - 2, all.length)).isEqualTo(CopyRows.TRAILER);

    int[] starts = new int[4];
    assertThat(CopyRows.fields(all, CopyRows.HEADER_BYTES, starts)).isEqualTo(3);
    assertThat(starts[0]).isEqualTo(CopyRows.HEADER_BYTES + 2);
    assertThat(CopyRows.intAt(all, starts[0])).isEqualTo(8);
    assertThat(starts[3]).isEqualTo(CopyRows.HEADER_BYTES + first);
    assertThatThrownBy(() -> CopyRows.fields(all, CopyRows.HEADER_BYTES, new int[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whatIsNotACompleteStreamIsRefused() {
    byte[] all = stream(2);
    assertThatThrownBy(() -> CopyRows.index(Arrays.copyOf(all, all.length - 1)))
        .hasMessageContaining("cut short");
    assertThatThrownBy(() -> CopyRows.index(Arrays.copyOf(all, all.length + 1)))
        .hasMessageContaining("after its trailer");
    byte[] damaged = all.clone();
    damaged[1] = 'X';
    assertThatThrownBy(() -> CopyRows.index(damaged)).hasMessageContaining("signature");
  }

  @Test
  void rowsOfEncodedFieldsAreTheRowsOfTheirValues() {
    byte[] all = stream(1);
    CopyRows rows = CopyRows.index(all);
    int fieldsFrom = rows.rowOffset(0) + 2;
    int fieldsLength = rows.rowLength(0) - 2;

    byte[] again =
        new CopyBinaryEncoder(COLUMNS)
            .begin()
            .encodedRow(all, fieldsFrom, fieldsLength)
            .end()
            .toByteArray();
    assertThat(again).isEqualTo(all);

    CopyBinaryEncoder chunk = new CopyBinaryEncoder(COLUMNS, Provenance.CHUNK).begin();
    chunk.encodedRow(all, fieldsFrom, fieldsLength, null, 3).end();
    CopyRows withKeys = CopyRows.index(chunk.toByteArray());
    assertThat(withKeys.fieldCount(0)).isEqualTo(5);
    assertThat(withKeys.field(0, 3)).isNull();
    assertThat(ByteBuffer.wrap(withKeys.field(0, 4)).getInt()).isEqualTo(3);
    assertThatThrownBy(() -> new CopyBinaryEncoder(COLUMNS).encodedRow(all, 0, 0, "k", 0))
        .isInstanceOf(IllegalStateException.class);
  }
}
