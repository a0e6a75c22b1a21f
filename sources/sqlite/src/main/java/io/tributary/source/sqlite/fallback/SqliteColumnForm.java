package io.tributary.source.sqlite.fallback;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How a SQLite column holds its values, read from values it holds: SQLite keeps whatever each
 * application wrote, so the same target type comes from many source forms. The fallback window
 * writes a value back in the form its column uses ({@link SqliteSourceValues}), read once per
 * column from a few of its values, the most recent first; a column without a value gets the form
 * SQLite itself would write.
 *
 * @param time for {@code timestamptz}, {@code timestamp} and {@code date} columns: text format or
 *     numbers ({@link SqliteTimeFormat})
 * @param trueText for {@code boolean} columns holding text: how they spell true ({@code true},
 *     {@code TRUE}, {@code t}, {@code yes}, ...); null when they hold 1 and 0
 * @param falseText the spelling of false that goes with {@code trueText}; null with it
 * @param uuid for {@code uuid} columns: text (case, braces, dashes) or 16-byte BLOBs
 * @param vectorBlobs for {@code vector} and {@code halfvec} columns: little-endian float32 BLOBs
 *     (else the JSON text of the array)
 * @param numbersAsText for numeric, real and integer columns: the column holds its numbers as text
 * @param textNumbers for text columns without a type affinity (no declared type): the column holds
 *     numbers as numbers, so text that is a number in canonical form goes back as one
 */
public record SqliteColumnForm(
    SqliteTimeFormat time,
    String trueText,
    String falseText,
    UuidForm uuid,
    boolean vectorBlobs,
    boolean numbersAsText,
    boolean textNumbers) {

  /** How many values of a column are read to find its form. */
  public static final int SAMPLES = 16;

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "\\{?[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}\\}?");

  /** The spellings of booleans an application may write, true first. */
  private static final List<List<String>> BOOLEAN_WORDS =
      List.of(
          List.of("true", "false"),
          List.of("t", "f"),
          List.of("yes", "no"),
          List.of("y", "n"),
          List.of("on", "off"),
          List.of("1", "0"));

  /**
   * How uuids are written.
   *
   * @param blob as 16 bytes (then the rest does not apply)
   * @param upper hex digits in upper case
   * @param braces in braces
   * @param dashes in 8-4-4-4-12 groups
   */
  public record UuidForm(boolean blob, boolean upper, boolean braces, boolean dashes) {
    /** Lower case, dashed: the canonical text. */
    public static final UuidForm CANONICAL = new UuidForm(false, false, false, true);

    /** This form of a uuid: a String, or 16 bytes. */
    public Object write(UUID value) {
      if (blob) {
        return ByteBuffer.allocate(16)
            .putLong(value.getMostSignificantBits())
            .putLong(value.getLeastSignificantBits())
            .array();
      }
      String text = value.toString();
      if (!dashes) {
        text = text.replace("-", "");
      }
      if (upper) {
        text = text.toUpperCase(Locale.ROOT);
      }
      return braces ? "{" + text + "}" : text;
    }
  }

  /** The form of a column with nothing to sample. */
  public static SqliteColumnForm unsampled(ColumnDef column) {
    return detect(column, List.of());
  }

  /**
   * The form of a column from values it holds.
   *
   * @param samples non-NULL values as the JDBC driver reads them (Long, Double, String, byte[]),
   *     the most recent first
   */
  public static SqliteColumnForm detect(ColumnDef column, List<?> samples) {
    TargetType type =
        column.targetType() == TargetType.ARRAY ? column.elementType() : column.targetType();
    SqliteTimeFormat time = SqliteTimeFormat.DEFAULT;
    String trueText = null;
    String falseText = null;
    UuidForm uuid = UuidForm.CANONICAL;
    boolean vectorBlobs = false;
    boolean numbersAsText = false;
    boolean textNumbers = false;
    switch (type) {
      case TIMESTAMPTZ, TIMESTAMP, DATE -> time = SqliteTimeFormat.detect(samples);
      case BOOLEAN -> {
        for (Object sample : samples) {
          if (sample instanceof String s) {
            String[] words = booleanWords(s.strip());
            if (words != null) {
              trueText = words[0];
              falseText = words[1];
              break;
            }
          } else if (sample instanceof Number) {
            break;
          }
        }
      }
      case UUID -> uuid = uuidForm(samples);
      case VECTOR, HALFVEC -> {
        Object first = samples.isEmpty() ? null : samples.get(0);
        vectorBlobs = first == null ? holdsBlobs(column) : first instanceof byte[];
      }
      case NUMERIC, DOUBLE, REAL, BIGINT, INTEGER, SMALLINT ->
          numbersAsText = !samples.isEmpty() && samples.stream().allMatch(s -> s instanceof String);
      case TEXT ->
          textNumbers =
              column.sourceType().isBlank()
                  && samples.stream().anyMatch(s -> s instanceof Long || s instanceof Double);
      default -> {
        // bytea, json, enum, time, sparse vectors: one form each
      }
    }
    return new SqliteColumnForm(
        time, trueText, falseText, uuid, vectorBlobs, numbersAsText, textNumbers);
  }

  /** A column with nothing to sample holds BLOBs when its declared type gives BLOB affinity. */
  private static boolean holdsBlobs(ColumnDef column) {
    String declared = column.sourceType().toUpperCase(Locale.ROOT);
    return declared.isBlank() || declared.contains("BLOB");
  }

  /** The true and false spellings of the family {@code word} belongs to, in its letter case. */
  private static String[] booleanWords(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    for (List<String> pair : BOOLEAN_WORDS) {
      if (pair.contains(lower)) {
        boolean upper = !word.equals(lower) && word.equals(word.toUpperCase(Locale.ROOT));
        boolean capitalized = !upper && !word.equals(lower);
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) {
          String w = pair.get(i);
          out[i] =
              upper
                  ? w.toUpperCase(Locale.ROOT)
                  : capitalized ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w;
        }
        return out;
      }
    }
    return null;
  }

  private static UuidForm uuidForm(List<?> samples) {
    for (Object sample : samples) {
      if (sample instanceof byte[] b && b.length == 16) {
        return new UuidForm(true, false, false, true);
      }
      if (sample instanceof String s && UUID_TEXT.matcher(s.strip()).matches()) {
        String text = s.strip();
        boolean upper = text.chars().anyMatch(c -> c >= 'A' && c <= 'F');
        boolean lower = text.chars().anyMatch(c -> c >= 'a' && c <= 'f');
        return new UuidForm(false, upper && !lower, text.startsWith("{"), text.contains("-"));
      }
    }
    return UuidForm.CANONICAL;
  }
}
