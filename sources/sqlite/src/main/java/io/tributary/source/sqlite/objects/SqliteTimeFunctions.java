package io.tributary.source.sqlite.objects;

import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite's date and time functions in PostgreSQL. SQLite keeps times in UTC; here a time value is a
 * {@code timestamptz}: {@code 'now'} is {@code CURRENT_TIMESTAMP}, a column of a timestamp type is
 * read as it is, a number with {@code 'unixepoch'} is {@code to_timestamp}, a number alone a Julian
 * day, anything else (text) is read as a UTC time. Modifiers: {@code '±N
 * days|hours|minutes|seconds|months|years'} (an interval) and {@code 'start of day|month|year'};
 * any other is refused. {@code datetime} gives the {@code timestamptz} to the second, {@code date}
 * and {@code time} the UTC date and time, {@code strftime} text (formats of {@code %Y %m %d %H %M
 * %S %f %j %%}, or {@code %s} alone: the Unix time), {@code julianday} and {@code unixepoch}
 * numbers.
 */
final class SqliteTimeFunctions {
  private static final Pattern SHIFT =
      Pattern.compile("([+-]?\\d+(?:\\.\\d+)?) +(day|hour|minute|second|month|year)s?");
  private static final Pattern START = Pattern.compile("start of (day|month|year)");

  private final SqliteQueryTranslator translator;

  SqliteTimeFunctions(SqliteQueryTranslator translator) {
    this.translator = translator;
  }

  /** {@code f(args)}, {@code f} one of SQLite's date and time functions (lower case). */
  String call(String f, List<List<SqlToken>> args) {
    if (f.equals("strftime")) {
      if (args.size() < 2) {
        throw new Untranslatable("it calls strftime() without a time value");
      }
      String value = value(args.subList(1, args.size()));
      List<SqlToken> format = args.get(0);
      if (format.size() != 1 || format.get(0).type() != SqlToken.Type.STRING) {
        throw new Untranslatable("it calls strftime() with a format that is no string");
      }
      if (format.get(0).text().equals("%s")) {
        return "CAST(extract(epoch FROM " + value + ") AS bigint)";
      }
      return "to_char(" + value + " AT TIME ZONE 'UTC', " + format(format.get(0).text()) + ")";
    }
    String value = args.isEmpty() ? "CURRENT_TIMESTAMP" : value(args);
    return switch (f) {
      case "datetime" -> "date_trunc('second', " + value + ")";
      case "date" -> "CAST(" + value + " AT TIME ZONE 'UTC' AS date)";
      case "time" -> "CAST(" + value + " AT TIME ZONE 'UTC' AS time(0))";
      case "julianday" -> "(extract(epoch FROM " + value + ") / 86400.0 + 2440587.5)";
      default -> "CAST(extract(epoch FROM " + value + ") AS bigint)";
    };
  }

  /** A time value and its modifiers, as a {@code timestamptz}. */
  private String value(List<List<SqlToken>> args) {
    List<SqlToken> first = args.get(0);
    List<List<SqlToken>> modifiers = args.subList(1, args.size());
    String value;
    boolean unixepoch =
        !modifiers.isEmpty()
            && modifiers.get(0).size() == 1
            && modifiers.get(0).get(0).text().equalsIgnoreCase("unixepoch");
    if (first.size() == 1
        && first.get(0).type() == SqlToken.Type.STRING
        && first.get(0).text().equalsIgnoreCase("now")) {
      value = "CURRENT_TIMESTAMP";
    } else if (unixepoch) {
      value = "to_timestamp(" + translator.translateApart(first) + ")";
      modifiers = modifiers.subList(1, modifiers.size());
    } else {
      TargetType type = translator.columnType(first);
      String sql = translator.translateApart(first);
      if (type == TargetType.TIMESTAMPTZ) {
        value = sql;
      } else if (type == TargetType.TIMESTAMP || type == TargetType.DATE) {
        value = "(" + sql + " AT TIME ZONE 'UTC')";
      } else if (type != null && type != TargetType.TEXT
          || first.get(0).type() == SqlToken.Type.NUMBER) {
        value = "to_timestamp((" + sql + " - 2440587.5) * 86400)";
      } else {
        value = "(CAST(CAST(" + sql + " AS text) AS timestamp) AT TIME ZONE 'UTC')";
      }
    }
    for (List<SqlToken> m : modifiers) {
      value = modified(value, m);
    }
    return value;
  }

  private static String modified(String value, List<SqlToken> modifier) {
    if (modifier.size() != 1 || modifier.get(0).type() != SqlToken.Type.STRING) {
      throw new Untranslatable("it gives a time modifier that is no string");
    }
    String m = modifier.get(0).text().strip().toLowerCase(Locale.ROOT);
    Matcher shift = SHIFT.matcher(m);
    if (shift.matches()) {
      return "(" + value + " + " + "interval " + Identifiers.literal(m) + ")";
    }
    Matcher start = START.matcher(m);
    if (start.matches()) {
      return "date_trunc(" + Identifiers.literal(start.group(1)) + ", " + value + ", 'UTC')";
    }
    throw new Untranslatable("it gives the time modifier '" + m + "', which is not translated");
  }

  /** A strftime format as a to_char one: its text quoted, its fields translated. */
  private static String format(String format) {
    if (format.contains("\"") || format.contains("\\")) {
      throw new Untranslatable("its strftime format holds a quote or a backslash");
    }
    StringBuilder out = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        text.append(c);
        continue;
      }
      if (i + 1 >= format.length()) {
        throw new Untranslatable("its strftime format ends with %");
      }
      char field = format.charAt(++i);
      if (field == '%') {
        text.append('%');
        continue;
      }
      if (!text.isEmpty()) {
        out.append('"').append(text).append('"');
        text.setLength(0);
      }
      out.append(
          switch (field) {
            case 'Y' -> "YYYY";
            case 'm' -> "MM";
            case 'd' -> "DD";
            case 'H' -> "HH24";
            case 'M' -> "MI";
            case 'S' -> "SS";
            case 'f' -> "SS.MS";
            case 'j' -> "DDD";
            default ->
                throw new Untranslatable(
                    "its strftime format uses %" + field + ", which is not translated");
          });
    }
    if (!text.isEmpty()) {
      out.append('"').append(text).append('"');
    }
    return Identifiers.literal(out.toString());
  }
}
