package io.tributary.validator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time a result is made. */
public final class ResultTime {
  private ResultTime() {}

  /** Now, at PostgreSQL's precision, so a result reads back exactly as it was made. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
