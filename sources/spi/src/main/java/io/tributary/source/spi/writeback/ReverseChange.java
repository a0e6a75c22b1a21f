package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Op;
import java.util.Map;

/**
 * One change the applications made to a target table during the fallback window, read from the
 * target's reverse slot, to be written back into the table's source.
 *
 * @param table the migrated table (source and target names, columns, key)
 * @param op {@link Op#CREATE}, {@link Op#UPDATE} or {@link Op#DELETE}
 * @param before the row before an update or a delete, by <em>target</em> column name, in the
 *     envelope's value encoding; for tables whose replica identity is the primary key only the key
 *     columns are present; empty for an insert
 * @param after the row after an insert or an update, by target column name; a column whose value
 *     the WAL did not carry (a large value an update left unchanged) is absent; empty for a delete
 * @param lsn the change's position in the target's WAL ({@code 0/1A2B3C})
 */
public record ReverseChange(
    TableDef table, Op op, Map<String, JsonNode> before, Map<String, JsonNode> after, String lsn) {
  public ReverseChange {
    before = before == null ? Map.of() : before;
    after = after == null ? Map.of() : after;
  }
}
