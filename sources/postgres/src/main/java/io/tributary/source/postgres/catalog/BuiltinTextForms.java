package io.tributary.source.postgres.catalog;

import java.util.Optional;
import java.util.Set;

/**
 * The built-in PostgreSQL types kept as themselves in the target by their text form ({@link
 * io.tributary.common.catalog.TargetType#TEXT_FORM}), and their spelling with a column's type
 * modifier as {@code format_type} prints it ({@code bit(8)}, {@code bit varying(5)}, {@code time(3)
 * with time zone}, {@code interval day to second(3)}). The {@code reg*} types are not kept: their
 * values are oids of objects, which differ in the target.
 */
final class BuiltinTextForms {
  private static final Set<String> KEPT =
      Set.of(
          "tsvector",
          "tsquery",
          "interval",
          "money",
          "inet",
          "cidr",
          "macaddr",
          "macaddr8",
          "xml",
          "point",
          "line",
          "lseg",
          "box",
          "path",
          "polygon",
          "circle",
          "bit",
          "varbit",
          "timetz",
          "int4range",
          "int8range",
          "numrange",
          "tsrange",
          "tstzrange",
          "daterange",
          "int4multirange",
          "int8multirange",
          "nummultirange",
          "tsmultirange",
          "tstzmultirange",
          "datemultirange",
          "pg_lsn",
          "pg_snapshot",
          "txid_snapshot",
          "jsonpath",
          "oid",
          "xid",
          "xid8",
          "cid",
          "tid",
          "char");

  // interval's typmod: the fields as a bit mask in the high 16 bits, the precision in the low
  private static final int YEAR = 1 << 2;
  private static final int MONTH = 1 << 1;
  private static final int DAY = 1 << 3;
  private static final int HOUR = 1 << 10;
  private static final int MINUTE = 1 << 11;
  private static final int SECOND = 1 << 12;
  private static final int FULL_PRECISION = 0xFFFF;

  private BuiltinTextForms() {}

  /** The spelling of a built-in type kept by its text form; empty when it is not kept. */
  static Optional<String> spelling(String name, int typmod) {
    if (!KEPT.contains(name)) {
      return Optional.empty();
    }
    return Optional.of(
        switch (name) {
          case "bit" -> typmod >= 0 ? "bit(" + typmod + ")" : "bit";
          case "varbit" -> typmod >= 0 ? "bit varying(" + typmod + ")" : "bit varying";
          case "timetz" -> (typmod >= 0 ? "time(" + typmod + ")" : "time") + " with time zone";
          case "interval" -> interval(typmod);
          case "char" -> "\"char\"";
          default -> name;
        });
  }

  /**
   * What Debezium's decoding does to a value of the type changed while replicating, when it does
   * not keep it exactly (snapshot rows are copied exactly); null when it does.
   */
  static String alteredByCapture(String name) {
    return switch (name) {
      case "timetz" ->
          "a time with time zone value changed while replicating arrives converted to UTC"
              + " (Debezium's decoding): its offset differs from the source's and validation"
              + " reports the row";
      case "varbit" ->
          "a bit varying value changed while replicating arrives as a number (Debezium's"
              + " decoding): its leading zeros are lost (without a length, all but one bit) and"
              + " validation reports the row";
      default -> null;
    };
  }

  /** Why a built-in type is not kept. */
  static String whyNot(String name) {
    return name.startsWith("reg")
        ? "holds oids of objects, which differ in the target"
        : "is not one Tributary keeps yet";
  }

  /** {@code interval}, {@code interval(3)}, {@code interval day to second(3)}, ... */
  static String interval(int typmod) {
    if (typmod < 0) {
      return "interval";
    }
    int fields = (typmod >>> 16) & 0x7FFF;
    int precision = typmod & 0xFFFF;
    String range =
        switch (fields) {
          case YEAR -> " year";
          case MONTH -> " month";
          case DAY -> " day";
          case HOUR -> " hour";
          case MINUTE -> " minute";
          case SECOND -> " second";
          case YEAR | MONTH -> " year to month";
          case DAY | HOUR -> " day to hour";
          case DAY | HOUR | MINUTE -> " day to minute";
          case DAY | HOUR | MINUTE | SECOND -> " day to second";
          case HOUR | MINUTE -> " hour to minute";
          case HOUR | MINUTE | SECOND -> " hour to second";
          case MINUTE | SECOND -> " minute to second";
          default -> "";
        };
    return "interval" + range + (precision == FULL_PRECISION ? "" : "(" + precision + ")");
  }
}
