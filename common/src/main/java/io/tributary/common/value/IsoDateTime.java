package io.tributary.common.value;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The form nearly every timestamp is written in, read without the pattern: {@code YYYY-MM-DD[Tt
 * ]HH:MM:SS}, an optional fraction ({@code .} or {@code ,} and digits) and an optional offset
 * ({@code Z}, {@code z} or {@code ±HH:MM}), nothing around it but white space. {@link #parse} gives
 * null for every other form, and for times the pattern treats specially (24:00:00, leap seconds) or
 * refuses, so those are read by the pattern ({@link DateTimePattern}), with its messages.
 *
 * @param local the date and time as written
 * @param offset the offset, null when none was written
 * @param fractionDigits the digits of the fraction as written (those past 9 are dropped)
 */
record IsoDateTime(LocalDateTime local, ZoneOffset offset, int fractionDigits) {
  static IsoDateTime parse(String text) {
    int start = Whitespace.start(text);
    int end = Whitespace.end(text, start);
    if (end - start < 19) {
      return null;
    }
    char separator = text.charAt(start + 10);
    if (text.charAt(start + 4) != '-'
        || text.charAt(start + 7) != '-'
        || (separator != 'T' && separator != 't' && separator != ' ')
        || text.charAt(start + 13) != ':'
        || text.charAt(start + 16) != ':') {
      return null;
    }
    int year = digits(text, start, 4);
    int month = digits(text, start + 5, 2);
    int day = digits(text, start + 8, 2);
    int hour = digits(text, start + 11, 2);
    int minute = digits(text, start + 14, 2);
    int second = digits(text, start + 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int i = start + 19;
    int nanos = 0;
    int count = 0;
    if (i < end && (text.charAt(i) == '.' || text.charAt(i) == ',')) {
      for (i++; i < end && isDigit(text.charAt(i)); i++, count++) {
        if (count < 9) {
          nanos = nanos * 10 + (text.charAt(i) - '0');
        }
      }
      if (count == 0) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset = null;
    if (i < end) {
      char sign = text.charAt(i);
      if ((sign == 'Z' || sign == 'z') && i + 1 == end) {
        offset = ZoneOffset.UTC;
      } else if ((sign == '+' || sign == '-') && i + 6 == end && text.charAt(i + 3) == ':') {
        int hours = digits(text, i + 1, 2);
        int minutes = digits(text, i + 4, 2);
        if (hours < 0 || minutes < 0) {
          return null;
        }
        try {
          offset =
              sign == '-'
                  ? ZoneOffset.ofHoursMinutes(-hours, -minutes)
                  : ZoneOffset.ofHoursMinutes(hours, minutes);
        } catch (DateTimeException e) {
          return null;
        }
      } else {
        return null;
      }
    }
    try {
      return new IsoDateTime(
          LocalDate.of(year, month, day).atTime(hour, minute, second, nanos), offset, count);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The value of {@code count} ASCII digits at {@code from}, -1 when one is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
