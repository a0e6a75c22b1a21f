package io.tributary.common.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A value of the contract between the services (stored in the control schema, published on a topic,
 * shown by the operator API) spelled as one word on the wire. Enums implement it; {@link #parse}
 * reads the word back.
 */
public interface WireName {
  /** The value as it is stored and sent. */
  @JsonValue
  String wire();

  /**
   * The constant spelled {@code text}.
   *
   * @param what what the value is, for the message (e.g. "validation mode")
   * @throws IllegalArgumentException naming the bad value and the ones expected
   */
  static <E extends Enum<E> & WireName> E parse(Class<E> type, String what, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.wire().equals(text)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + what
            + " '"
            + text
            + "'; expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(WireName::wire)
                .collect(Collectors.joining(", ")));
  }

  /** Like {@link #parse}, but null for null (a column or field not set yet). */
  static <E extends Enum<E> & WireName> E parseNullable(Class<E> type, String what, String text) {
    return text == null ? null : parse(type, what, text);
  }
}
