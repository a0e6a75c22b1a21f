package io.tributary.source.sqlite.catalog;

import io.tributary.common.catalog.TargetType;
import java.util.Locale;

/**
 * Maps a SQLite declared column type to a target type by SQLite's own type-affinity rules
 * (https://sqlite.org/datatype3.html, section 3.1), in this order:
 *
 * <ol>
 *   <li>contains {@code INT}: INTEGER affinity, {@code bigint};
 *   <li>contains {@code CHAR}, {@code CLOB} or {@code TEXT}: TEXT affinity, {@code text};
 *   <li>contains {@code BLOB}: BLOB affinity, {@code bytea};
 *   <li>no declared type at all: {@code text} (such a column can hold anything; text keeps every
 *       number and string exactly);
 *   <li>contains {@code REAL}, {@code FLOA} or {@code DOUB}: REAL affinity, {@code double
 *       precision};
 *   <li>otherwise (NUMERIC, DECIMAL, BOOLEAN, DATE, ...): NUMERIC affinity, {@code numeric}.
 * </ol>
 */
public final class SqliteTypeMapper {
  private SqliteTypeMapper() {}

  /** The target type for a declared SQLite type (null or blank: no declared type). */
  public static TargetType map(String declaredType) {
    String type = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT).trim();
    if (type.contains("INT")) {
      return TargetType.BIGINT;
    }
    if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
      return TargetType.TEXT;
    }
    if (type.contains("BLOB")) {
      return TargetType.BYTEA;
    }
    if (type.isEmpty()) {
      return TargetType.TEXT;
    }
    if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
      return TargetType.DOUBLE;
    }
    return TargetType.NUMERIC;
  }
}
