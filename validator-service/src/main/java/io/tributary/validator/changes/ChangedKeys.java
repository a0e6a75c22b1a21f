package io.tributary.validator.changes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The keys of the rows a table's change topic says changed between two positions, each once, in the
 * order first seen (capture's keys: source column names).
 *
 * @param keys the changed rows' keys
 * @param records how many change records were read
 * @param reset why the keys do not cover every change (a reset marker: the table was snapshotted
 *     again, so its rows were rewritten without a change per row), else null
 */
public record ChangedKeys(List<ObjectNode> keys, long records, String reset) {
  public ChangedKeys {
    keys = List.copyOf(keys);
  }

  /** True when the keys cover every change in the range. */
  public boolean complete() {
    return reset == null;
  }
}
