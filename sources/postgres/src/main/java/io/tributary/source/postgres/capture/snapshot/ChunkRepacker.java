package io.tributary.source.postgres.capture.snapshot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.copy.CopyBinaryEncoder;
import io.tributary.common.copy.CopyRows;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.EnvelopeWriter;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.value.PostgresText;
import io.tributary.common.value.RowDecoder;
import io.tributary.common.value.ValueCastException;
import io.tributary.source.postgres.capture.snapshot.PassthroughPlan.ColumnPlan;
import io.tributary.source.postgres.capture.snapshot.PassthroughPlan.Treatment;
import io.tributary.source.spi.capture.ChunkWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Repacks the rows of a table's binary {@code COPY} stream into snapshot chunks as its {@link
 * PassthroughPlan} says, without decoding the columns that pass unchanged: each row's field bytes
 * copied (an array's element oid patched), the columns to transform parsed from their text, cast as
 * apply casts ({@link RowDecoder#fromSource}) and encoded, the record key printed from the identity
 * columns' text when the table needs it; the row then goes to a {@link ChunkWriter}, and each chunk
 * it closes to the consumer. A row that cannot be cast becomes a reject of its chunk. Not
 * thread-safe: one per read.
 */
final class ChunkRepacker implements CopyOutReader.Rows {
  private final PassthroughPlan plan;
  private final ChunkWriter writer;
  private final Consumer<SnapshotChunk> chunks;
  private final int[] fieldStarts;
  private final int fieldCount;
  private final int[] transformed;
  private final TableDef transformTable;
  private final CopyBinaryEncoder transformEncoder;
  private final int[] transformStarts;
  private final List<ColumnDef> keyColumns;
  private final EnvelopeWriter keys = new EnvelopeWriter();
  private byte[] out = new byte[8 * 1024];
  private int length;

  /**
   * @param writer the writer of the read's chunks, its read started
   * @param chunks takes each chunk once it is closed, in order
   */
  ChunkRepacker(PassthroughPlan plan, ChunkWriter writer, Consumer<SnapshotChunk> chunks) {
    this.plan = plan;
    this.writer = writer;
    this.chunks = chunks;
    this.fieldCount = plan.columns().size() + plan.keyColumns().size();
    this.fieldStarts = new int[fieldCount + 1];
    List<ColumnDef> transforms = new ArrayList<>();
    List<Integer> places = new ArrayList<>();
    for (int i = 0; i < plan.columns().size(); i++) {
      if (plan.columns().get(i).treatment() == Treatment.TRANSFORM) {
        transforms.add(plan.columns().get(i).column());
        places.add(i);
      }
    }
    this.transformed = places.stream().mapToInt(Integer::intValue).toArray();
    this.transformTable = plan.table().withColumns(transforms);
    this.transformEncoder = new CopyBinaryEncoder(transforms);
    this.transformStarts = new int[transforms.size() + 1];
    this.keyColumns = plan.table().identityColumns();
  }

  @Override
  public void row(byte[] buffer, int offset, int rowLength) {
    int fields = CopyRows.fields(buffer, offset, fieldStarts);
    if (fields != fieldCount) {
      throw new IllegalArgumentException(
          "a row of " + fields + " fields where the read selects " + fieldCount);
    }
    String key = plan.keyText() ? key(buffer) : null;
    if (transformed.length > 0) {
      try {
        transform(buffer);
      } catch (ValueCastException e) {
        writer.reject(key, () -> data(buffer, key), e.getMessage());
        handClosed();
        return;
      }
    }
    length = 0;
    int next = 0;
    for (int i = 0; i < plan.columns().size(); i++) {
      ColumnPlan column = plan.columns().get(i);
      switch (column.treatment()) {
        case RAW, TEXT -> put(buffer, fieldStarts[i], fieldStarts[i + 1]);
        case PATCH -> patch(buffer, fieldStarts[i], fieldStarts[i + 1], column.elementOid());
        case TRANSFORM -> {
          put(transformEncoder.array(), transformStarts[next], transformStarts[next + 1]);
          next++;
        }
      }
    }
    writer.addEncoded(out, 0, length, key, () -> data(buffer, key));
    handClosed();
  }

  /** Ends the read: its last chunk goes to the consumer. */
  void finish() {
    writer.finish().forEach(chunks);
  }

  private void handClosed() {
    writer.closed().forEach(chunks);
  }

  /**
   * Casts and encodes the transformed columns; their fields are then at {@link #transformStarts}.
   */
  private void transform(byte[] buffer) {
    Object[] values = new Object[transformed.length];
    for (int k = 0; k < transformed.length; k++) {
      values[k] = parse(buffer, transformed[k], plan.columns().get(transformed[k]));
    }
    Object[] cast = RowDecoder.fromSource(transformTable, values);
    transformEncoder.begin().row(cast);
    CopyRows.fields(transformEncoder.array(), CopyRows.HEADER_BYTES, transformStarts);
  }

  /** The record key, printed from the identity columns read as text after the columns. */
  private String key(byte[] buffer) {
    List<Object> values = new ArrayList<>(keyColumns.size());
    List<ColumnPlan> keyPlans = plan.keyColumns();
    for (int k = 0; k < keyPlans.size(); k++) {
      values.add(parse(buffer, plan.columns().size() + k, keyPlans.get(k)));
    }
    return keys.writeKey(keyColumns, values);
  }

  /** The value of a field read as text, as the source's type. */
  private Object parse(byte[] buffer, int field, ColumnPlan column) {
    String text = text(buffer, field);
    try {
      return PostgresText.parse(text, column.source());
    } catch (ValueCastException e) {
      throw new ValueCastException(
          "column "
              + column.column().name()
              + " ("
              + column.column().sourceType()
              + "): "
              + e.getMessage());
    }
  }

  private String text(byte[] buffer, int field) {
    int start = fieldStarts[field];
    int size = CopyRows.intAt(buffer, start);
    return size < 0 ? null : new String(buffer, start + 4, size, StandardCharsets.UTF_8);
  }

  /**
   * What a reject of the row keeps of it: its key and the text of the columns read as text (the
   * others are not decoded).
   */
  private String data(byte[] buffer, String key) {
    ObjectNode data = ChangeEventCodec.MAPPER.createObjectNode();
    data.put("key", key);
    ObjectNode after = data.putObject("text");
    for (int i = 0; i < plan.columns().size(); i++) {
      if (plan.columns().get(i).readAsText()) {
        after.put(plan.columns().get(i).column().name(), text(buffer, i));
      }
    }
    return data.toString();
  }

  private void put(byte[] source, int from, int to) {
    int size = to - from;
    if (length + size > out.length) {
      out = Arrays.copyOf(out, Math.max(length + size, 2 * out.length));
    }
    System.arraycopy(source, from, out, length, size);
    length += size;
  }

  /** Copies an array field with the element type's oid (its third header word) replaced. */
  private void patch(byte[] buffer, int from, int to, long oid) {
    int at = length;
    put(buffer, from, to);
    if (CopyRows.intAt(buffer, from) >= 12) {
      int word = at + 4 + 8;
      out[word] = (byte) (oid >>> 24);
      out[word + 1] = (byte) (oid >>> 16);
      out[word + 2] = (byte) (oid >>> 8);
      out[word + 3] = (byte) oid;
    }
  }
}
