package io.tributary.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.validator.diff.Difference;
import java.util.List;

/**
 * One differing row as published and returned: {@code kind} is {@code missing}, {@code extra} or
 * {@code differing}; {@code key} the row's key (target column names; a source row that cannot be
 * cast: its source key); {@code columns} the differing columns; {@code sourceValues} and {@code
 * targetValues} the values each side holds (whole rows for missing and extra rows, the differing
 * columns otherwise), in the change events' JSON encoding; {@code detail} why, when known.
 */
public record DifferenceView(
    String kind,
    JsonNode key,
    List<String> columns,
    JsonNode sourceValues,
    JsonNode targetValues,
    String detail) {

  public static DifferenceView of(Difference d) {
    return new DifferenceView(
        d.kind().label(), d.key(), d.columns(), d.sourceValues(), d.targetValues(), d.detail());
  }
}
