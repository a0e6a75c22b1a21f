package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Op;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A target change in its source's terms ({@link ReverseRowMapper}): source column names, the
 * columns the plan added left out, remapped keys back to their originals.
 *
 * @param change the change as read from the target
 * @param identity the values that find the source row, in the order of {@link
 *     TableDef#identityColumns()}: its key (the old key for an update that changed it; the new one
 *     for an insert), or for a table identified by whole rows every column of the old row the
 *     change carries (empty for an insert)
 * @param after the columns an insert or update writes, in source order: only those the change
 *     carries (a large value an update left unchanged is not carried, and stays as it is); empty
 *     for a delete
 * @param keyChanged whether an update moved the row to another key
 */
public record SourceChange(
    ReverseChange change, List<SourceValue> identity, List<SourceValue> after, boolean keyChanged) {
  public SourceChange {
    identity = List.copyOf(identity);
    after = List.copyOf(after);
  }

  public TableDef table() {
    return change.table();
  }

  public Op op() {
    return change.op();
  }

  /**
   * The row's key in the source's form, as a reverse reject keeps it: before a delete, after an
   * insert or update; null when the change does not carry every key column.
   */
  public ObjectNode key() {
    if (op() == Op.DELETE) {
      return identity.isEmpty() ? null : WriteBackResults.key(identity);
    }
    try {
      List<SourceValue> key = afterKey();
      return key.isEmpty() ? null : WriteBackResults.key(key);
    } catch (NoSuchElementException e) {
      return null;
    }
  }

  /** The values of the key columns in {@code after}, in key order (the row's key after it). */
  public List<SourceValue> afterKey() {
    return table().keyColumns().stream()
        .map(
            c ->
                after.stream()
                    .filter(v -> v.column().name().equals(c.name()))
                    .findFirst()
                    .orElseGet(
                        () ->
                            identity.stream()
                                .filter(v -> v.column().name().equals(c.name()))
                                .findFirst()
                                .orElseThrow()))
        .toList();
  }
}
