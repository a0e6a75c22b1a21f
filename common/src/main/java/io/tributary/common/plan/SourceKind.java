package io.tributary.common.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of legacy database a plan can name as a source. */
public enum SourceKind {
  SQLITE,
  POSTGRES,
  MYSQL,
  CHROMA;

  /** The spelling used in plan files: {@code sqlite}, {@code postgres}, ... */
  public String planName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a plan spelling; empty when the name is not a known kind. */
  public static Optional<SourceKind> fromPlanName(String name) {
    return Arrays.stream(values()).filter(k -> k.planName().equals(name)).findFirst();
  }
}
