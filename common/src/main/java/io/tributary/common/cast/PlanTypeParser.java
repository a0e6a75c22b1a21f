package io.tributary.common.cast;

import io.tributary.common.catalog.TargetType;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plan's {@code type:} (a PostgreSQL type as an operator writes it: {@code jsonb}, {@code
 * timestamptz}, {@code varchar(255)}, {@code numeric(10,2)}, {@code vector(384)}, {@code text[]})
 * into a target type and its canonical spelling. Only types Tributary can cast values into are
 * accepted; anything else is refused with the list of those it knows.
 */
public final class PlanTypeParser {
  /** A parsed type: its kind, full spelling, and element type for arrays (else null). */
  public record ParsedType(TargetType type, String sql, TargetType elementType) {}

  private static final Pattern SPELLING =
      Pattern.compile(
          "([a-z][a-z0-9 ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?(\\[\\])?");

  private static final Map<String, TargetType> NAMES =
      Map.ofEntries(
          Map.entry("bigint", TargetType.BIGINT),
          Map.entry("int8", TargetType.BIGINT),
          Map.entry("integer", TargetType.INTEGER),
          Map.entry("int", TargetType.INTEGER),
          Map.entry("int4", TargetType.INTEGER),
          Map.entry("smallint", TargetType.SMALLINT),
          Map.entry("int2", TargetType.SMALLINT),
          Map.entry("double precision", TargetType.DOUBLE),
          Map.entry("float8", TargetType.DOUBLE),
          Map.entry("real", TargetType.REAL),
          Map.entry("float4", TargetType.REAL),
          Map.entry("numeric", TargetType.NUMERIC),
          Map.entry("decimal", TargetType.NUMERIC),
          Map.entry("text", TargetType.TEXT),
          Map.entry("varchar", TargetType.TEXT),
          Map.entry("character varying", TargetType.TEXT),
          Map.entry("char", TargetType.TEXT),
          Map.entry("character", TargetType.TEXT),
          Map.entry("bytea", TargetType.BYTEA),
          Map.entry("boolean", TargetType.BOOLEAN),
          Map.entry("bool", TargetType.BOOLEAN),
          Map.entry("uuid", TargetType.UUID),
          Map.entry("json", TargetType.JSON),
          Map.entry("jsonb", TargetType.JSONB),
          Map.entry("date", TargetType.DATE),
          Map.entry("time", TargetType.TIME),
          Map.entry("timestamp", TargetType.TIMESTAMP),
          Map.entry("timestamp without time zone", TargetType.TIMESTAMP),
          Map.entry("timestamptz", TargetType.TIMESTAMPTZ),
          Map.entry("timestamp with time zone", TargetType.TIMESTAMPTZ),
          Map.entry("vector", TargetType.VECTOR),
          Map.entry("halfvec", TargetType.HALFVEC),
          Map.entry("sparsevec", TargetType.SPARSEVEC));

  /** pgvector's largest {@code vector} and {@code halfvec} (VECTOR_MAX_DIM, HALFVEC_MAX_DIM). */
  public static final int VECTOR_MAX_DIMENSIONS = 16_000;

  /** pgvector's largest {@code sparsevec} (SPARSEVEC_MAX_DIM). */
  public static final int SPARSEVEC_MAX_DIMENSIONS = 1_000_000_000;

  /** PostgreSQL's largest {@code varchar(n)} and {@code char(n)}. */
  private static final int CHARACTER_MAX_LENGTH = 10_485_760;

  /** PostgreSQL's largest {@code numeric} precision, and time precision. */
  private static final int NUMERIC_MAX_PRECISION = 1000;

  private static final int TIME_MAX_PRECISION = 6;

  private PlanTypeParser() {}

  /**
   * @throws IllegalArgumentException naming what is wrong with the spelling
   */
  public static ParsedType parse(String spelling) {
    if (spelling == null || spelling.isBlank()) {
      throw new IllegalArgumentException("a type is required");
    }
    String s = spelling.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    Matcher m = SPELLING.matcher(s);
    if (!m.matches() || !NAMES.containsKey(m.group(1).strip())) {
      throw new IllegalArgumentException(
          "'"
              + spelling
              + "' is not a type Tributary casts into; use one of bigint, integer, smallint,"
              + " double precision, real, numeric(p,s), text, varchar(n), char(n), bytea, boolean,"
              + " uuid, json, jsonb, date, time, timestamp, timestamptz, vector(n), halfvec(n),"
              + " sparsevec(n), or an array of one of them (text[])");
    }
    String name = m.group(1).strip();
    TargetType type = NAMES.get(name);
    Integer p = number(m.group(2), spelling);
    Integer scale = number(m.group(3), spelling);
    boolean array = m.group(4) != null;
    String sql = spell(name, type, p, scale, spelling);
    if (array) {
      if (type == TargetType.VECTOR || type == TargetType.HALFVEC || type == TargetType.SPARSEVEC) {
        throw new IllegalArgumentException(
            "'" + spelling + "': arrays of vectors are not supported");
      }
      return new ParsedType(TargetType.ARRAY, sql + "[]", type);
    }
    return new ParsedType(type, sql, null);
  }

  private static String spell(
      String name, TargetType type, Integer p, Integer scale, String original) {
    boolean sized =
        switch (type) {
          case NUMERIC, VECTOR, HALFVEC, SPARSEVEC, TIME, TIMESTAMP, TIMESTAMPTZ -> true;
          case TEXT -> !name.equals("text");
          default -> false;
        };
    if (p != null && !sized) {
      throw new IllegalArgumentException("'" + original + "': " + name + " takes no parameters");
    }
    if (scale != null && type != TargetType.NUMERIC) {
      throw new IllegalArgumentException("'" + original + "': only numeric takes a scale");
    }
    if ((type == TargetType.VECTOR || type == TargetType.HALFVEC || type == TargetType.SPARSEVEC)
        && p == null) {
      throw new IllegalArgumentException(
          "'" + original + "': give the dimensions, e.g. " + name + "(384)");
    }
    if (p != null) {
      checkRange(type, name, p, scale, original);
    }
    return switch (type) {
      case TEXT ->
          name.equals("text")
              ? "text"
              : (name.startsWith("char") && !name.contains("varying")
                      ? "character"
                      : "character varying")
                  + (p == null ? "" : "(" + p + ")");
      case NUMERIC ->
          "numeric" + (p == null ? "" : "(" + p + (scale == null ? "" : "," + scale) + ")");
      case TIME -> p == null ? "time without time zone" : "time(" + p + ") without time zone";
      case TIMESTAMP ->
          p == null ? "timestamp without time zone" : "timestamp(" + p + ") without time zone";
      case TIMESTAMPTZ ->
          p == null ? "timestamp with time zone" : "timestamp(" + p + ") with time zone";
      case VECTOR, HALFVEC, SPARSEVEC -> type.sql() + "(" + p + ")";
      default -> type.sql();
    };
  }

  private static Integer number(String digits, String spelling) {
    if (digits == null) {
      return null;
    }
    try {
      return Integer.valueOf(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + spelling + "': " + digits + " is too large");
    }
  }

  /** What PostgreSQL and pgvector accept as the type's parameters. */
  private static void checkRange(
      TargetType type, String name, int p, Integer scale, String original) {
    int min = 1;
    int max =
        switch (type) {
          case VECTOR, HALFVEC -> VECTOR_MAX_DIMENSIONS;
          case SPARSEVEC -> SPARSEVEC_MAX_DIMENSIONS;
          case NUMERIC -> NUMERIC_MAX_PRECISION;
          case TEXT -> CHARACTER_MAX_LENGTH;
          default -> TIME_MAX_PRECISION;
        };
    if (type == TargetType.TIME || type == TargetType.TIMESTAMP || type == TargetType.TIMESTAMPTZ) {
      min = 0;
    }
    if (p < min || p > max) {
      throw new IllegalArgumentException(
          "'"
              + original
              + "': "
              + name
              + " takes "
              + min
              + " to "
              + max
              + (type == TargetType.VECTOR
                      || type == TargetType.HALFVEC
                      || type == TargetType.SPARSEVEC
                  ? " dimensions (pgvector's limit)"
                  : "")
              + ", not "
              + p);
    }
    if (scale != null && scale > p) {
      throw new IllegalArgumentException(
          "'" + original + "': the scale " + scale + " is larger than the precision " + p);
    }
  }
}
