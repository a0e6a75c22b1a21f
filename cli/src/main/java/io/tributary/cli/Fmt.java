package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How values are printed: numbers grouped by thousands, "-" for what is not known. */
final class Fmt {
  static final String NONE = "-";

  private static final Pattern PG_TIMESTAMPTZ =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)([+-]\\d{2})(:\\d{2})?");

  private Fmt() {}

  /** A field of an object: null when absent or JSON null. */
  static JsonNode get(JsonNode doc, String field) {
    JsonNode v = doc == null ? null : doc.get(field);
    return v == null || v.isNull() || v.isMissingNode() ? null : v;
  }

  /** A text field, null when absent or null. */
  static String text(JsonNode doc, String field) {
    JsonNode v = get(doc, field);
    return v == null ? null : v.asText();
  }

  /** A number field as a long, null when absent or null. */
  static Long num(JsonNode doc, String field) {
    JsonNode v = get(doc, field);
    return v == null || !v.isNumber() ? null : v.longValue();
  }

  /** A text field, or "-". */
  static String s(JsonNode doc, String field) {
    String v = text(doc, field);
    return v == null ? NONE : v;
  }

  /** Python's truth of a JSON value: not null, false, 0, "" or empty. */
  static boolean truthy(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isNumber()) {
      return v.decimalValue().signum() != 0;
    }
    if (v.isTextual()) {
      return !v.textValue().isEmpty();
    }
    return v.size() > 0;
  }

  static boolean truthy(JsonNode doc, String field) {
    return truthy(get(doc, field));
  }

  /** A number grouped by thousands ({@code 20,000}), or "-". */
  static String n(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return NONE;
    }
    if (v.isIntegralNumber()) {
      return String.format(Locale.ROOT, "%,d", v.bigIntegerValue());
    }
    if (v.isNumber()) {
      return grouped(v.decimalValue());
    }
    return v.asText();
  }

  static String n(JsonNode doc, String field) {
    return n(get(doc, field));
  }

  static String n(Long v) {
    return v == null ? NONE : String.format(Locale.ROOT, "%,d", v);
  }

  private static String grouped(BigDecimal v) {
    DecimalFormat f =
        new DecimalFormat("#,##0.###############", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return f.format(v);
  }

  /** A duration in seconds as {@code 45s}, {@code 3m05s}, {@code 1h02m}, {@code 2d03h}. */
  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", s / 86400, (s % 86400) / 3600);
  }

  /** Bytes in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}; "-" for null. */
  static String bytes(Long v) {
    if (v == null) {
      return NONE;
    }
    if (Math.abs(v) < 1024) {
      return v + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double x = v;
    int unit = -1;
    while (Math.abs(x) >= 1024 && unit < units.length - 1) {
      x /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", x, units[unit]);
  }

  /**
   * A time to the second ({@code 2026-11-25T20:50:23Z}), from ISO-8601 or PostgreSQL's text form
   * ({@code 2026-11-25 23:57:30.154379+00}); as it is when neither.
   */
  static String time(String iso) {
    if (iso == null) {
      return NONE;
    }
    String text = iso;
    Matcher pg = PG_TIMESTAMPTZ.matcher(iso);
    if (pg.matches()) {
      text =
          pg.group(1)
              + "T"
              + pg.group(2)
              + pg.group(3)
              + (pg.group(4) == null ? ":00" : pg.group(4));
    }
    try {
      return OffsetDateTime.parse(text)
          .truncatedTo(ChronoUnit.SECONDS)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** Python's {@code "%.1f" % x}. */
  static String oneDecimal(double x) {
    return String.format(Locale.ROOT, "%.1f", x);
  }

  /** Left-justified to width ({@code %-*s}). */
  static String left(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Right-justified to width ({@code %*s}). */
  static String right(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  /** Without trailing white space. */
  static String rstrip(String s) {
    return s.stripTrailing();
  }
}
