package io.tributary.orchestrator.validation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The validations an operator can request ({@code tributary.validation_requests.mode}); the
 * validator's own continuous checks are not requested.
 */
public enum ValidationMode {
  /** Every row of each table compared by key and value, while replication runs. */
  DEEP,
  /** The same comparison once the sources are frozen and drained (the cutover's last check). */
  FINAL;

  /** The mode's name in the control schema and the API: {@code deep}, {@code final}. */
  public String controlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code text} (any case); empty when there is none. */
  public static Optional<ValidationMode> parse(String text) {
    return Arrays.stream(values()).filter(m -> m.controlName().equalsIgnoreCase(text)).findFirst();
  }

  /** The names accepted by {@link #parse}: {@code deep, final}. */
  public static String allowed() {
    return Arrays.stream(values())
        .map(ValidationMode::controlName)
        .collect(Collectors.joining(", "));
  }
}
