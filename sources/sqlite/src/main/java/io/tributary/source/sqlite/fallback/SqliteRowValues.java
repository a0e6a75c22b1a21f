package io.tributary.source.sqlite.fallback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.writeback.SourceValue;
import java.sql.SQLException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The SQLite value of each value of a change: an original key as it was read, any other value in
 * its column's form ({@link SqliteSourceValues}, {@link SqliteColumnForms}). A value SQLite would
 * refuse is refused here with a reason that names it: text that is not an integer for an {@code
 * INTEGER PRIMARY KEY} (a row the applications created after the switch in a table whose integer
 * keys were remapped to uuids has no integer key to go back under).
 */
final class SqliteRowValues {
  private static final Pattern INTEGER_TEXT = Pattern.compile("\\s*[+-]?\\d{1,18}\\s*");

  private final SqliteColumnForms forms;

  SqliteRowValues(SqliteColumnForms forms) {
    this.forms = forms;
  }

  /**
   * The value to write: a Long, Double, String, byte[] or null.
   *
   * @throws ValueCastException when it cannot go into its column, naming the column and the value
   */
  Object written(TableDef table, SourceValue value) throws SQLException {
    Object out = found(table, value);
    ColumnDef column = value.column();
    if (isRowidKey(table, column) && !fitsRowid(out)) {
      throw new ValueCastException(
          "column '"
              + column.name()
              + "' of "
              + table.sourceTable()
              + " is an INTEGER PRIMARY KEY, which holds integers only, not "
              + abbreviated(ValueCodec.toJson(out, column))
              + (column.remap() != null
                  ? " (a row created after the switch: its uuid has no original integer key)"
                  : ""));
    }
    return out;
  }

  /**
   * The value to find a row by: as {@link #written}, but any value will do (a key no row has finds
   * none: a delete of a row that is not there does nothing).
   */
  Object found(TableDef table, SourceValue value) throws SQLException {
    ColumnDef column = value.column();
    Object out;
    if (value.original() != null) {
      out = original(value.original());
    } else {
      Object decoded;
      try {
        decoded = ValueCodec.decode(value.target(), column);
        out = SqliteSourceValues.toSqlite(decoded, column, forms.form(table, column));
      } catch (ValueCastException | ClassCastException | IllegalArgumentException e) {
        throw new ValueCastException(
            "column '"
                + column.name()
                + "' of "
                + table.sourceTable()
                + " cannot take the target's value "
                + abbreviated(value.target())
                + ": "
                + e.getMessage());
      }
    }
    return out;
  }

  /** The value as capture reads it, for a row key: {@code 42}, {@code "agent-7"}. */
  static JsonNode json(Object sqliteValue, ColumnDef column) {
    return ValueCodec.toJson(sqliteValue, column);
  }

  /** An original key as SQLite held it. */
  private static Object original(JsonNode original) {
    if (original.isNull()) {
      return null;
    }
    if (original.isIntegralNumber() && original.canConvertToLong()) {
      return original.longValue();
    }
    if (original.isNumber()) {
      return original.doubleValue();
    }
    if (original.isTextual()) {
      return original.textValue();
    }
    return Base64.getDecoder().decode(original.path(ValueCodec.BINARY_FIELD).asText());
  }

  /** SQLite's rowid alias: a table's only key column, declared exactly {@code INTEGER}. */
  private static boolean isRowidKey(TableDef table, ColumnDef column) {
    return column.keyPosition() == 1
        && table.rowIdentity() == RowIdentity.PRIMARY_KEY
        && table.keyColumns().size() == 1
        && column.sourceType().strip().equalsIgnoreCase("INTEGER");
  }

  private static boolean fitsRowid(Object value) {
    if (value == null || value instanceof Long) {
      return true;
    }
    if (value instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 9.2e18;
    }
    return value instanceof String s && INTEGER_TEXT.matcher(s).matches();
  }

  private static String abbreviated(JsonNode node) {
    String text = node == null ? "null" : node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
