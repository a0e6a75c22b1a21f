package io.tributary.common.catalog;

import java.util.Locale;

/**
 * What happens to a value that cannot be cast to its column's target type (the plan's {@code
 * invalid:}).
 */
public enum InvalidPolicy {
  /** The whole row goes to {@code tributary.rejects} with the reason (the default). */
  REJECT,
  /** The value becomes NULL and the row is written (refused for key columns). */
  NULL;

  /** The policy named in a plan ({@code reject} or {@code null}, any case); null if neither. */
  public static InvalidPolicy parse(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "reject" -> REJECT;
      case "null" -> NULL;
      default -> null;
    };
  }
}
