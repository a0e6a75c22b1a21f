package io.tributary.common.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.JsonValueWriter;
import io.tributary.common.value.RowDecoder;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Casts a row from the source's own values (as its JDBC driver returns them) exactly as apply casts
 * the envelope capture prints of them: each value becomes the JSON node apply would read for it
 * ({@link #node}), then {@link RowDecoder} casts the row, with the same reasons. Capture casts
 * snapshot rows into chunks this way without printing or parsing the rows: only values whose
 * printed form is not their own (reals and decimals: printed shortest, read back as decimals; what
 * goes into {@code json} columns) make the round trip, through the same writer and parser. {@code
 * SourceRowCastTest} holds the two paths to the same values and reasons. Not thread-safe: one per
 * thread.
 */
public final class SourceRowCast {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  /**
   * Values of every column, in catalog order.
   *
   * @param source the row's values as the source's driver returned them, in catalog order
   * @throws ValueCastException naming the column whose value does not fit
   */
  public Object[] cast(TableDef table, Object[] source) {
    List<ColumnDef> columns = table.columns();
    if (source.length != columns.size()) {
      throw new IllegalArgumentException(
          table.qualifiedSourceName()
              + " has "
              + columns.size()
              + " columns, not the "
              + source.length
              + " values read");
    }
    JsonNode[] nodes = new JsonNode[source.length];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = node(source[i], columns.get(i));
    }
    return RowDecoder.row(table, nodes);
  }

  /** The node apply reads for {@code value} of {@code column} in an envelope capture printed. */
  JsonNode node(Object value, ColumnDef column) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return LongNode.valueOf(((Number) value).longValue());
    }
    if (value instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    if (value instanceof byte[]) {
      return ValueCodec.toJson(value, column);
    }
    return printedAndRead(value, column);
  }

  private JsonNode printedAndRead(Object value, ColumnDef column) {
    out.reset();
    try {
      try (JsonGenerator g = ChangeEventCodec.MAPPER.createGenerator(out)) {
        JsonValueWriter.write(g, value, column.targetType());
      }
      return ChangeEventCodec.MAPPER.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to print a value of column " + column.name(), e);
    }
  }
}
