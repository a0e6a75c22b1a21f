package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.validation.ValidationDifference;
import java.util.List;

/**
 * One row that differs.
 *
 * @param kind missing, extra or differing
 * @param key the row's key, target column names to envelope JSON values (for a source row that
 *     cannot be decoded: its source key as capture writes it)
 * @param columns the target names of the columns that differ; null unless {@code DIFFERING}
 * @param sourceValues the source's values: the whole row when {@code MISSING}, the differing
 *     columns when {@code DIFFERING}, null when {@code EXTRA} or the row cannot be decoded
 * @param targetValues the target's values: the whole row when {@code EXTRA}, the differing columns
 *     when {@code DIFFERING}, else null
 * @param detail why, when there is more to say (a value that cannot be cast), else null
 */
public record Difference(
    DifferenceKind kind,
    ObjectNode key,
    List<String> columns,
    ObjectNode sourceValues,
    ObjectNode targetValues,
    String detail) {
  public Difference {
    columns = columns == null ? null : List.copyOf(columns);
  }

  /**
   * A source row that cannot be cast to its target types and that apply has not rejected: missing
   * from the target without a reason on record.
   *
   * @param sourceKey the row's key as capture writes it
   * @param reason which column and why
   */
  public static Difference undecodable(ObjectNode sourceKey, String reason) {
    return new Difference(
        DifferenceKind.MISSING,
        sourceKey,
        null,
        null,
        null,
        "the source row cannot be cast to its target types ("
            + reason
            + ") and apply has no reject for it");
  }

  /** This difference as results publish and store it, at {@code position} (from 1). */
  public ValidationDifference view(int position) {
    return new ValidationDifference(
        position, kind.label(), key, columns, sourceValues, targetValues, detail);
  }
}
