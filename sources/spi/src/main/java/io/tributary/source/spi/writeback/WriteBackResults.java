package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.writeback.WriteBack.ReverseReject;
import io.tributary.source.spi.writeback.WriteBack.WriteBackResult;
import io.tributary.source.spi.writeback.WriteBack.WrittenRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one batch of a write-back did, change by change: the rows written, with their keys as the
 * source holds them, and the changes refused, with why; then the {@link WriteBackResult}. A row's
 * key is a JSON object of source column names to the source's values in the envelope encoding
 * capture gives them ({@code {"id":42}}, {@code {"id":"agent-7"}}): the key columns, or every
 * column of a table identified by whole rows.
 */
public final class WriteBackResults {
  private final List<WrittenRow> written = new ArrayList<>();
  private final List<ReverseReject> rejects = new ArrayList<>();

  /** A change went back, to the row with this key. */
  public void written(ReverseChange change, ObjectNode rowKey) {
    written.add(new WrittenRow(change.table().sourceTable(), rowKey.toString(), change.lsn()));
  }

  /**
   * A change could not go back.
   *
   * @param rowKey the row's key in the source's form, or null when it could not be made (the
   *     target's key is kept then)
   */
  public void rejected(ReverseChange change, ObjectNode rowKey, String reason) {
    TableDef table = change.table();
    String key = rowKey != null ? rowKey.toString() : targetKey(change).toString();
    String row = change.after().isEmpty() ? null : json(change.after()).toString();
    rejects.add(
        new ReverseReject(table.sourceTable(), key, change.op().code(), row, reason, change.lsn()));
  }

  /** The batch's result. */
  public WriteBackResult result() {
    return new WriteBackResult(written, rejects);
  }

  /** The key of values in the source's form: {@code {"source name": value, ...}}. */
  public static ObjectNode key(List<SourceValue> values) {
    ObjectNode key = ValueCodec.nodes().objectNode();
    for (SourceValue v : values) {
      JsonNode value = v.sourceForm();
      key.set(v.column().name(), value == null ? ValueCodec.nodes().nullNode() : value);
    }
    return key;
  }

  /** The target's key of a change, by target column names, from its old row or else its new one. */
  private static ObjectNode targetKey(ReverseChange change) {
    ObjectNode key = ValueCodec.nodes().objectNode();
    Map<String, JsonNode> row = change.before().isEmpty() ? change.after() : change.before();
    for (ColumnDef column : change.table().identityColumns()) {
      JsonNode value = row.get(column.targetName());
      if (value != null) {
        key.set(column.targetName(), value);
      }
    }
    return key;
  }

  private static ObjectNode json(Map<String, JsonNode> row) {
    ObjectNode out = ValueCodec.nodes().objectNode();
    row.forEach(
        (name, value) -> out.set(name, value == null ? ValueCodec.nodes().nullNode() : value));
    return out;
  }
}
