package io.tributary.common.value;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TypeSpelling;
import java.time.LocalDateTime;

/**
 * The fractional-second precision of a {@code time(p)} or {@code timestamp(p)} column (6 by
 * default) and PostgreSQL's rounding of timestamps to it.
 */
final class TemporalPrecision {
  /** PostgreSQL's timestamp epoch; typmod rounding is symmetric around it. */
  private static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

  private TemporalPrecision() {}

  /** The column's fractional digits, 0 to 6. */
  static int of(ColumnDef column) {
    int p = TypeSpelling.modifier(column.targetSql(), 0, 6);
    return Math.max(0, Math.min(6, p));
  }

  /** The nanoseconds of the last fractional digit kept at {@code precision}. */
  static long unitNanos(int precision) {
    long unit = 1;
    for (int i = precision; i < 9; i++) {
      unit *= 10;
    }
    return unit;
  }

  /**
   * Rounds to {@code precision} fractional digits as PostgreSQL does: half away from zero, where
   * zero is 2000-01-01 (so halves before 2000 round down, from 2000 on up).
   */
  static LocalDateTime round(LocalDateTime value, int precision) {
    long unit = unitNanos(precision);
    long rem = value.getNano() % unit;
    if (rem == 0) {
      return value;
    }
    LocalDateTime floor = value.minusNanos(rem);
    boolean up = value.isBefore(PG_EPOCH) ? rem * 2 > unit : rem * 2 >= unit;
    return up ? floor.plusNanos(unit) : floor;
  }
}
