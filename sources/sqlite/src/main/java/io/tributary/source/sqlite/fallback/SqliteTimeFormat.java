package io.tributary.source.sqlite.fallback;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form in which a SQLite column holds its dates and times, read from values it holds, and a
 * date or time written back in that form. SQLite has no date type: each application writes its own
 * text ({@code 2024-05-01 10:00:00} from {@code datetime()}, {@code 2024-05-01T10:00:00.123Z} from
 * JavaScript, {@code 2024-05-01T10:00:00.123456+00:00} from Python) or numbers (Unix seconds or
 * milliseconds, Julian days). The fallback window writes the target's {@code timestamptz}, {@code
 * timestamp} and {@code date} values back in the column's own form, so the applications read them
 * as they wrote them, and capture reads them again ({@code SourceCasts}) as the same instant.
 *
 * <p>What is read from the samples (the most recent first): numbers or text; for text the separator
 * ({@code T} or a space), whether seconds are written, the fraction (always with {@code n} digits,
 * only when not zero, or with trailing zeros cut: lengths that vary, or are not 3, 6 or 9), the
 * zone ({@code Z}, {@code +00:00}, {@code +0000}, {@code +00}, {@code UTC}, {@code GMT} or none)
 * and whether a space precedes it, or a date alone. Values are written in UTC (the zone as the
 * column writes UTC); a fraction is never cut below what the value needs (the target keeps
 * microseconds), so a column of milliseconds gets six digits for a value with microseconds rather
 * than a different instant. A column without a value to sample gets {@link #DEFAULT}, the form of
 * SQLite's own {@code datetime()} with the fraction {@code strftime('%f')} would add.
 */
public final class SqliteTimeFormat {
  /** How the values are stored. */
  enum Storage {
    /** ISO-8601-like text. */
    TEXT,
    /** Unix seconds, as an integer (a real when the value has a fraction). */
    EPOCH_SECONDS,
    /** Unix milliseconds, as an integer (a real when the value has a fraction of one). */
    EPOCH_MILLIS,
    /** Unix seconds as a real. */
    EPOCH_SECONDS_REAL,
    /** Julian day numbers ({@code julianday()}), as reals. */
    JULIAN_DAY
  }

  /** How the fraction of a second is written in text. */
  enum Fraction {
    /** Never written in the samples: written only when the value has one, 3 or 6 digits. */
    AS_NEEDED,
    /** Written when not zero, with at least {@code digits} digits (Python's isoformat). */
    WHEN_NOT_ZERO,
    /** Always written, with at least {@code digits} digits. */
    ALWAYS,
    /** Written with trailing zeros cut (PostgreSQL's output), none when zero. */
    TRIMMED
  }

  private static final Pattern TEXT =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})"
              + "(?:([Tt ])(\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?"
              + "(\\s*)(Z|z|UTC|GMT|[+-]\\d{2}:\\d{2}|[+-]\\d{4}|[+-]\\d{2})?");

  private static final Pattern DIGITS = Pattern.compile("-?\\d+");
  private static final double EPOCH_MILLIS_FROM = 1e11;
  private static final double JULIAN_MIN = 2_000_000;
  private static final double JULIAN_MAX = 3_000_000;
  private static final double JULIAN_UNIX_EPOCH = 2_440_587.5;

  /** {@code YYYY-MM-DD HH:MM:SS}, a fraction only when the value has one; dates alone as dates. */
  public static final SqliteTimeFormat DEFAULT =
      new SqliteTimeFormat(
          Storage.TEXT, false, false, ' ', true, Fraction.AS_NEEDED, 0, "", "", false);

  private final Storage storage;
  private final boolean numbersAsText;
  private final boolean dateOnly;
  private final char separator;
  private final boolean seconds;
  private final Fraction fraction;
  private final int digits;
  private final String zoneSpace;
  private final String zone;
  private final boolean sampled;

  private SqliteTimeFormat(
      Storage storage,
      boolean numbersAsText,
      boolean dateOnly,
      char separator,
      boolean seconds,
      Fraction fraction,
      int digits,
      String zoneSpace,
      String zone,
      boolean sampled) {
    this.storage = storage;
    this.numbersAsText = numbersAsText;
    this.dateOnly = dateOnly;
    this.separator = separator;
    this.seconds = seconds;
    this.fraction = fraction;
    this.digits = digits;
    this.zoneSpace = zoneSpace;
    this.zone = zone;
    this.sampled = sampled;
  }

  /**
   * The form of a column's values.
   *
   * @param samples values the column holds, as the JDBC driver reads them (Long, Double, String,
   *     byte[]), the most recent first; NULLs and values in no known form are passed over
   * @return the form of the first sample in a known form (for text, with the fraction as all text
   *     samples of that shape write it); {@link #DEFAULT} when there is none
   */
  public static SqliteTimeFormat detect(List<?> samples) {
    for (Object sample : samples) {
      if (sample instanceof Long || sample instanceof Integer) {
        long n = ((Number) sample).longValue();
        return numeric(
            Math.abs(n) >= EPOCH_MILLIS_FROM ? Storage.EPOCH_MILLIS : Storage.EPOCH_SECONDS, false);
      }
      if (sample instanceof Double d) {
        double v = Math.abs(d);
        return numeric(
            v >= JULIAN_MIN && v < JULIAN_MAX ? Storage.JULIAN_DAY : Storage.EPOCH_SECONDS_REAL,
            false);
      }
      if (sample instanceof String s) {
        String text = s.strip();
        if (DIGITS.matcher(text).matches() && text.length() <= 15) {
          long n = Long.parseLong(text);
          return numeric(
              Math.abs(n) >= EPOCH_MILLIS_FROM ? Storage.EPOCH_MILLIS : Storage.EPOCH_SECONDS,
              true);
        }
        Matcher m = TEXT.matcher(text);
        if (m.matches()) {
          return textForm(m, samples);
        }
      }
    }
    return DEFAULT;
  }

  private static SqliteTimeFormat numeric(Storage storage, boolean asText) {
    return new SqliteTimeFormat(
        storage, asText, false, ' ', true, Fraction.AS_NEEDED, 0, "", "", true);
  }

  /** The shape of the first text sample, with the fraction as all samples of that shape have it. */
  private static SqliteTimeFormat textForm(Matcher first, List<?> samples) {
    if (first.group(4) == null) {
      return new SqliteTimeFormat(
          Storage.TEXT, false, true, ' ', true, Fraction.AS_NEEDED, 0, "", "", true);
    }
    char separator = first.group(4).charAt(0);
    boolean seconds = first.group(7) != null;
    String zoneSpace = first.group(10) == null ? "" : first.group(9);
    String zone = first.group(10) == null ? "" : zoneStyle(first.group(10));
    List<Integer> lengths = new ArrayList<>();
    int without = 0;
    for (Object sample : samples) {
      if (!(sample instanceof String s)) {
        continue;
      }
      Matcher m = TEXT.matcher(s.strip());
      if (!m.matches() || m.group(4) == null) {
        continue;
      }
      if (m.group(8) == null) {
        without++;
      } else {
        lengths.add(m.group(8).length());
      }
    }
    Fraction fraction;
    int digits = 0;
    if (lengths.isEmpty()) {
      fraction = Fraction.AS_NEEDED;
    } else {
      digits = lengths.stream().mapToInt(Integer::intValue).max().orElse(0);
      boolean sameLength = lengths.stream().allMatch(l -> l.equals(lengths.get(0)));
      if (!sameLength || digits % 3 != 0) {
        // fixed fractions have 3, 6 or 9 digits; others are a trimmed output
        fraction = Fraction.TRIMMED;
      } else if (without == 0) {
        fraction = Fraction.ALWAYS;
      } else {
        fraction = Fraction.WHEN_NOT_ZERO;
      }
    }
    return new SqliteTimeFormat(
        Storage.TEXT, false, false, separator, seconds, fraction, digits, zoneSpace, zone, true);
  }

  /** How the column writes UTC in the style of a zone it holds. */
  private static String zoneStyle(String zone) {
    if (zone.equals("Z") || zone.equals("z") || zone.equals("UTC") || zone.equals("GMT")) {
      return zone;
    }
    if (zone.length() == 6) {
      return "+00:00";
    }
    return zone.length() == 5 ? "+0000" : "+00";
  }

  /**
   * A value in this form: a {@code timestamptz} (OffsetDateTime, any offset), a {@code timestamp}
   * (LocalDateTime, taken as UTC, as capture reads a value without a zone) or a {@code date}
   * (LocalDate); infinities as {@code infinity} and {@code -infinity}.
   *
   * @return a String, a Long or a Double, as SQLite is to hold it
   * @throws IllegalArgumentException for another type of value
   */
  public Object format(Object value) {
    if (value.equals(OffsetDateTime.MAX)
        || value.equals(LocalDateTime.MAX)
        || value.equals(LocalDate.MAX)) {
      return "infinity";
    }
    if (value.equals(OffsetDateTime.MIN)
        || value.equals(LocalDateTime.MIN)
        || value.equals(LocalDate.MIN)) {
      return "-infinity";
    }
    LocalDateTime utc;
    boolean date = false;
    if (value instanceof OffsetDateTime t) {
      utc = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } else if (value instanceof LocalDateTime t) {
      utc = t;
    } else if (value instanceof LocalDate d) {
      utc = d.atStartOfDay();
      date = true;
    } else {
      throw new IllegalArgumentException("not a date or time: " + value.getClass().getSimpleName());
    }
    return switch (storage) {
      case TEXT -> text(utc, date);
      case EPOCH_SECONDS -> epoch(utc, 1);
      case EPOCH_MILLIS -> epoch(utc, 1_000);
      case EPOCH_SECONDS_REAL -> seconds(utc);
      case JULIAN_DAY -> seconds(utc) / 86_400.0 + JULIAN_UNIX_EPOCH;
    };
  }

  private Object epoch(LocalDateTime utc, long perSecond) {
    Instant instant = utc.toInstant(ZoneOffset.UTC);
    long unitNanos = 1_000_000_000L / perSecond;
    Object number;
    if (instant.getNano() % unitNanos == 0) {
      number =
          Math.addExact(
              Math.multiplyExact(instant.getEpochSecond(), perSecond),
              instant.getNano() / unitNanos);
    } else {
      number =
          instant.getEpochSecond() * (double) perSecond + instant.getNano() / (double) unitNanos;
    }
    return numbersAsText ? number.toString() : number;
  }

  private static double seconds(LocalDateTime utc) {
    Instant instant = utc.toInstant(ZoneOffset.UTC);
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  private String text(LocalDateTime utc, boolean date) {
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      // beyond SQLite's own date functions: ISO-8601 with the year's sign, as capture reads it
      return date
          ? DateTimeFormatter.ISO_LOCAL_DATE.format(utc)
          : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(utc.atOffset(ZoneOffset.UTC));
    }
    String day =
        String.format(
            Locale.ROOT, "%04d-%02d-%02d", year, utc.getMonthValue(), utc.getDayOfMonth());
    boolean midnight = utc.toLocalTime().equals(LocalTime.MIDNIGHT);
    if (midnight && (dateOnly || (date && !sampled))) {
      return day;
    }
    if (dateOnly) {
      // a time in a column of dates: the default form keeps it
      return DEFAULT.text(utc, false);
    }
    StringBuilder out = new StringBuilder(day).append(separator);
    out.append(String.format(Locale.ROOT, "%02d:%02d", utc.getHour(), utc.getMinute()));
    int nanos = utc.getNano();
    int fractionDigits = fractionDigits(nanos);
    if (seconds || utc.getSecond() != 0 || fractionDigits > 0) {
      out.append(String.format(Locale.ROOT, ":%02d", utc.getSecond()));
    }
    if (fractionDigits > 0) {
      out.append('.').append(String.format(Locale.ROOT, "%09d", nanos), 0, fractionDigits);
    }
    if (!zone.isEmpty()) {
      out.append(zoneSpace).append(zone);
    }
    return out.toString();
  }

  /** The digits of the fraction to write for a value with {@code nanos}. */
  private int fractionDigits(int nanos) {
    int needed = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    return switch (fraction) {
      case AS_NEEDED -> needed;
      case WHEN_NOT_ZERO -> needed == 0 ? 0 : Math.max(digits, needed);
      case ALWAYS -> Math.max(digits, needed);
      case TRIMMED -> {
        if (nanos == 0) {
          yield 0;
        }
        int n = 9;
        int rest = nanos;
        while (rest % 10 == 0) {
          rest /= 10;
          n--;
        }
        yield n;
      }
    };
  }

  /** The form in words, for logs: {@code text 2024-05-01T10:00:00.123Z}. */
  public String describe() {
    return switch (storage) {
      case TEXT ->
          "text like "
              + text(
                  LocalDateTime.of(
                      2024, 5, 1, 10, 0, 0, fraction == Fraction.AS_NEEDED ? 0 : 123_000_000),
                  false)
              + (sampled ? "" : " (no value to sample)");
      case EPOCH_SECONDS -> "Unix seconds" + (numbersAsText ? " as text" : "");
      case EPOCH_MILLIS -> "Unix milliseconds" + (numbersAsText ? " as text" : "");
      case EPOCH_SECONDS_REAL -> "Unix seconds as reals";
      case JULIAN_DAY -> "Julian day numbers";
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
