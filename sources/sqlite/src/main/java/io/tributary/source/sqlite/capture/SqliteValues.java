package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a row's values from SQLite, catching text that is not valid UTF-8. SQLite stores text as it
 * was given (a C program may store any bytes); the JDBC driver reads such text with U+FFFD in place
 * of the bad bytes, so it would reach the target changed, and validation, reading it the same way,
 * would call it equal. Text holding U+FFFD is read again as bytes and decoded strictly; when they
 * are not UTF-8 the value is an {@link InvalidText}, and the change is published as a reject naming
 * the column and the bytes ({@link SqliteRecordBuilder}). Only text holding U+FFFD is read twice,
 * so valid text costs one character scan.
 *
 * <p>Identity columns (the key, or every column of a whole-row table) keep the driver's reading:
 * capture finds rows again by them.
 */
final class SqliteValues {
  private SqliteValues() {}

  /** Text that is not valid UTF-8: the driver's reading and the bytes SQLite holds. */
  record InvalidText(String read, byte[] bytes) {
    /** The first bytes in hex, for a reject's reason. */
    String hex() {
      int shown = Math.min(bytes.length, 48);
      String hex = HexFormat.of().formatHex(bytes, 0, shown);
      return bytes.length > shown ? hex + "… (" + bytes.length + " bytes)" : hex;
    }
  }

  /** The values of a result set's row, {@code width} columns, checked as above. */
  static Object[] row(ResultSet rs, TableDef table, int width) throws SQLException {
    Object[] row = new Object[width];
    List<ColumnDef> columns = table.columns();
    boolean wholeRow = table.wholeRow();
    for (int i = 0; i < width; i++) {
      Object value = rs.getObject(i + 1);
      if (value instanceof String text
          && text.indexOf('\uFFFD') >= 0
          && !wholeRow
          && i < columns.size()
          && columns.get(i).keyPosition() == 0) {
        byte[] bytes = rs.getBytes(i + 1);
        if (bytes != null && !isUtf8(bytes)) {
          value = new InvalidText(text, bytes);
        }
      }
      row[i] = value;
    }
    return row;
  }

  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
