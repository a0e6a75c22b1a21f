package io.tributary.common.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Source column defaults ({@link ColumnDef#sourceDefault()}) on the way to the target: SQLite's
 * translated to PostgreSQL when it is safe and obvious, and each one fitted to the column's final
 * target type (which the plan and the automatic casting rules may have changed since the catalog
 * was read).
 *
 * <p>A SQLite default is recorded in one of a few forms, which PostgreSQL's {@code pg_get_expr}
 * never prints as they are (it casts string literals, writes {@code 'UTC'::text}): an unsigned or
 * negative number, a string literal without a cast, or one of the three expressions standing for
 * SQLite's {@code CURRENT_TIMESTAMP}, {@code CURRENT_DATE} and {@code CURRENT_TIME} (UTC in
 * SQLite). {@link #forTarget} fits those to the target type and passes every other expression (a
 * PostgreSQL source's) unchanged.
 */
public final class SourceDefaults {
  /** SQLite's {@code CURRENT_TIMESTAMP}: the current UTC time, without a zone. */
  public static final String SQLITE_CURRENT_TIMESTAMP = "(now() AT TIME ZONE 'UTC')";

  /** SQLite's {@code CURRENT_DATE}: the current UTC date. */
  public static final String SQLITE_CURRENT_DATE = "CAST(now() AT TIME ZONE 'UTC' AS date)";

  /** SQLite's {@code CURRENT_TIME}: the current UTC time of day, in whole seconds. */
  public static final String SQLITE_CURRENT_TIME = "CAST(now() AT TIME ZONE 'UTC' AS time(0))";

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private SourceDefaults() {}

  /**
   * A SQLite column's default ({@code dflt_value} of {@code PRAGMA table_info}) as recorded:
   *
   * <ul>
   *   <li>a number ({@code 0}, {@code -1.5}, {@code 1e3}): as written, without a leading {@code +};
   *   <li>a string literal in single quotes: as written (SQLite and PostgreSQL escape a quote
   *       alike, by doubling it);
   *   <li>{@code TRUE}, {@code FALSE}: {@code 1}, {@code 0} (what SQLite stores for them);
   *   <li>{@code CURRENT_TIMESTAMP}, {@code CURRENT_DATE}, {@code CURRENT_TIME}: {@link
   *       #SQLITE_CURRENT_TIMESTAMP}, {@link #SQLITE_CURRENT_DATE}, {@link #SQLITE_CURRENT_TIME};
   * </ul>
   *
   * and null for everything else: {@code NULL} (the same as no default), expressions in parentheses
   * ({@code (datetime('now'))}, {@code (strftime('%s','now'))}, {@code
   * (lower(hex(randomblob(16))))}), blob literals, hexadecimal numbers, double-quoted strings. A
   * plan column rule's {@code default:} can give those in PostgreSQL.
   */
  public static String fromSqlite(String dflt) {
    if (dflt == null) {
      return null;
    }
    String d = dflt.trim();
    if (NUMBER.matcher(d).matches()) {
      return d.startsWith("+") ? d.substring(1) : d;
    }
    if (STRING.matcher(d).matches()) {
      return d;
    }
    return switch (d.toUpperCase(Locale.ROOT)) {
      case "TRUE" -> "1";
      case "FALSE" -> "0";
      case "CURRENT_TIMESTAMP" -> SQLITE_CURRENT_TIMESTAMP;
      case "CURRENT_DATE" -> SQLITE_CURRENT_DATE;
      case "CURRENT_TIME" -> SQLITE_CURRENT_TIME;
      default -> null;
    };
  }

  /**
   * The column's source default as the expression to set on the target column, or null when it does
   * not fit the column's target type:
   *
   * <ul>
   *   <li>a number: on numeric and {@code text} columns as it is; on {@code boolean} columns {@code
   *       0} and {@code 1} as {@code false} and {@code true}; on no other column;
   *   <li>a string literal: on {@code text} columns; on numeric columns when it holds a number; on
   *       {@code json}, {@code jsonb} and {@code uuid} columns when it holds a JSON document or a
   *       UUID; on no other column (a date or time as text would be read in the target's time
   *       zone);
   *   <li>SQLite's current time: {@code now()} on {@code timestamptz} columns, the UTC time on
   *       {@code timestamp} columns; SQLite's current date on {@code date} columns, its current
   *       time of day on {@code time} columns; on no other column ({@code text} would get
   *       PostgreSQL's spelling of a time, not SQLite's);
   *   <li>any other expression (a PostgreSQL source's) as it is.
   * </ul>
   */
  public static String forTarget(ColumnDef column) {
    String d = column.sourceDefault();
    if (d == null) {
      return null;
    }
    TargetType type = column.targetType();
    if (d.equals(SQLITE_CURRENT_TIMESTAMP)) {
      return switch (type) {
        case TIMESTAMPTZ -> "now()";
        case TIMESTAMP -> d;
        default -> null;
      };
    }
    if (d.equals(SQLITE_CURRENT_DATE)) {
      return type == TargetType.DATE ? d : null;
    }
    if (d.equals(SQLITE_CURRENT_TIME)) {
      return type == TargetType.TIME ? d : null;
    }
    if (NUMBER.matcher(d).matches()) {
      if (numeric(type) || type == TargetType.TEXT) {
        return d;
      }
      if (type == TargetType.BOOLEAN && (d.equals("0") || d.equals("1"))) {
        return d.equals("1") ? "true" : "false";
      }
      return null;
    }
    if (STRING.matcher(d).matches()) {
      String text = d.substring(1, d.length() - 1).replace("''", "'");
      boolean fits =
          switch (type) {
            case TEXT -> true;
            case BIGINT, INTEGER, SMALLINT, NUMERIC, DOUBLE, REAL -> isNumber(text);
            case JSON, JSONB -> isJson(text);
            case UUID -> isUuid(text);
            default -> false;
          };
      return fits ? d : null;
    }
    return d;
  }

  private static boolean numeric(TargetType type) {
    return switch (type) {
      case BIGINT, INTEGER, SMALLINT, NUMERIC, DOUBLE, REAL -> true;
      default -> false;
    };
  }

  private static boolean isNumber(String text) {
    try {
      new BigDecimal(text.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isJson(String text) {
    try {
      return JSON.readTree(text) != null && !text.isBlank();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static boolean isUuid(String text) {
    try {
      return UUID.fromString(text).toString().equalsIgnoreCase(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
