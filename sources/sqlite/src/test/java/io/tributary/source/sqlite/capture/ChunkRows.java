package io.tributary.source.sqlite.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.copy.CopyBinaryDecoder;
import io.tributary.common.copy.CopyRows;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.Topics;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads the rows of the snapshot chunks a task delivers back, as apply would write them: each row's
 * target values (decoded from its binary {@code COPY} fields), its key as the chunk carries it, and
 * a printed form ({@link #printed}) that compares rows of chunks, of change events and of the
 * source alike.
 */
public final class ChunkRows {
  private ChunkRows() {}

  /** A row of a chunk: its key (null when the chunk carries none) and its target values. */
  public record Row(String key, Object[] values) {}

  public static boolean isChunk(SourceRecord r) {
    return Topics.isSnapshotTopic(r.topic()) && header(r, SnapshotChunk.CRC_HEADER) != null;
  }

  /** The chunk a record carries, its CRC checked. */
  public static SnapshotChunk chunk(SourceRecord r) {
    return SnapshotChunk.read((String) r.key(), (byte[]) r.value(), name -> header(r, name));
  }

  /** The rows of a chunk's record, of {@code table}. */
  public static List<Row> rows(SourceRecord r, TableDef table) {
    SnapshotChunk chunk = chunk(r);
    CopyRows copy = CopyRows.index(chunk.copy());
    List<ColumnDef> columns = table.columns();
    boolean keys = copy.count() > 0 && copy.fieldCount(0) > columns.size();
    List<Row> rows = new ArrayList<>(copy.count());
    for (int i = 0; i < copy.count(); i++) {
      Object[] values = new Object[columns.size()];
      for (int c = 0; c < values.length; c++) {
        values[c] = CopyBinaryDecoder.decode(copy.field(i, c), columns.get(c));
      }
      String key = keys ? new String(copy.field(i, columns.size()), StandardCharsets.UTF_8) : null;
      rows.add(new Row(key, values));
    }
    return rows;
  }

  /** The number of rows in a chunk's record. */
  public static int count(SourceRecord r) {
    return chunk(r).rows();
  }

  /** A row's values printed as {@code {"column":value,...}}, the same for the same values. */
  public static String printed(TableDef table, Object[] values) {
    StringBuilder out = new StringBuilder("{");
    List<ColumnDef> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"').append(columns.get(i).name()).append("\":").append(printed(values[i]));
    }
    return out.append('}').toString();
  }

  private static String printed(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof byte[] bytes) {
      return "\"\\\\x" + HexFormat.of().formatHex(bytes) + "\"";
    }
    if (value.getClass().isArray()) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        items.add(printed(Array.get(value, i)));
      }
      return items.toString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    try {
      return ChangeEventCodec.MAPPER.writeValueAsString(value.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(SourceRecord r, String name) {
    Header h = r.headers().lastWithName(name);
    return h == null ? null : String.valueOf(h.value());
  }
}
