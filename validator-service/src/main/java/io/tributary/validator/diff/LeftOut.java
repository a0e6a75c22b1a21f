package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source rows a comparison as of a cutover's position P left out because they changed after P
 * (gathered over all its passes): by their keys as capture writes them, which the target's rows of
 * the same keys are read by to be taken out of its sums too, and by their canonical key text, which
 * takes them out of a row pass's target rows. They are compared later, by key (catch-up rounds, the
 * final gate).
 */
final class LeftOut {
  private final Map<String, ObjectNode> sourceKeys = new LinkedHashMap<>();
  private final Set<String> keyTexts = new HashSet<>();

  /**
   * A row left out.
   *
   * @param keyText its canonical key text, null when its key could not be decoded
   */
  void add(ObjectNode sourceKey, String keyText) {
    sourceKeys.putIfAbsent(sourceKey.toString(), sourceKey);
    if (keyText != null) {
      keyTexts.add(keyText);
    }
  }

  boolean isEmpty() {
    return sourceKeys.isEmpty();
  }

  /** How many rows were left out. */
  int size() {
    return sourceKeys.size();
  }

  /** Their keys as capture writes them. */
  List<ObjectNode> sourceKeys() {
    return new ArrayList<>(sourceKeys.values());
  }

  /** Their canonical key texts ({@link io.tributary.source.spi.validate.RowDigester#keyText}). */
  Set<String> keyTexts() {
    return keyTexts;
  }
}
