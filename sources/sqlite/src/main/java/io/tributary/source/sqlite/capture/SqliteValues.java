package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.SourceCasts;
import io.tributary.common.value.Utf8Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sqlite.core.Codes;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.SafeStmtPtr;

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
    for (int i = 0; i < width; i++) {
      row[i] = checked(rs, table, i, rs.getObject(i + 1));
    }
    return row;
  }

  /** The driver's reading of column {@code i}, or an {@link InvalidText} (see class comment). */
  private static Object checked(ResultSet rs, TableDef table, int i, Object value)
      throws SQLException {
    List<ColumnDef> columns = table.columns();
    if (value instanceof String text
        && text.indexOf('\uFFFD') >= 0
        && !table.wholeRow()
        && i < columns.size()
        && columns.get(i).keyPosition() == 0) {
      byte[] bytes = rs.getBytes(i + 1);
      if (bytes != null && !isUtf8(bytes)) {
        return new InvalidText(text, bytes);
      }
    }
    return value;
  }

  /**
   * Reads the rows of a snapshot's query as {@link #row} does, except for the text of a column
   * whose target takes it unchanged ({@link SourceCasts#takesTextUnchanged}): read as the UTF-8
   * bytes SQLite holds and kept as them ({@link Utf8Text}) when they are well-formed and hold no
   * NUL, never decoded into a String that the chunk's encoder would encode back to the same bytes.
   * Any other value of such a column is read as {@link #row} reads it: text with a NUL (its cast
   * refuses it, or makes it NULL, as before), text that is not UTF-8 (an {@link InvalidText}),
   * numbers and BLOBs (cast as before). Not for key columns nor for a table identified by its whole
   * rows: capture finds rows again by those values, and prints them into each row's key. Only for a
   * file whose text is UTF-8: SQLite gives the text of a UTF-16 file as UTF-16 bytes.
   */
  static final class SnapshotRows {
    private final TableDef table;
    private final int width;
    private final ResultSet rs;

    /** For each column read as bytes, how to ask for its value's storage class; else null. */
    private final List<SafeStmtPtr.SafePtrIntFunction<SQLException>> storageClass;

    private final SafeStmtPtr statement;

    /**
     * @param st the query (sqlite-jdbc's), {@code rs} its result set
     * @param width the columns read of each row
     * @param utf8 whether the file's text encoding is UTF-8 ({@code PRAGMA encoding})
     */
    SnapshotRows(PreparedStatement st, ResultSet rs, TableDef table, int width, boolean utf8)
        throws SQLException {
      this.table = table;
      this.width = width;
      this.rs = rs;
      List<SafeStmtPtr.SafePtrIntFunction<SQLException>> classes = new ArrayList<>(width);
      List<ColumnDef> columns = table.columns();
      boolean any = false;
      for (int i = 0; i < width; i++) {
        boolean asBytes =
            utf8
                && !table.wholeRow()
                && i < columns.size()
                && columns.get(i).keyPosition() == 0
                && SourceCasts.takesTextUnchanged(columns.get(i));
        int column = i;
        classes.add(asBytes ? (db, stmt) -> db.column_type(stmt, column) : null);
        any |= asBytes;
      }
      this.storageClass = any ? classes : null;
      // the value's storage class is the driver's to know: JDBC has no call for it
      this.statement = any ? st.unwrap(CoreStatement.class).pointer : null;
    }

    /** The values of the result set's current row. */
    Object[] row() throws SQLException {
      if (storageClass == null) {
        return SqliteValues.row(rs, table, width);
      }
      Object[] row = new Object[width];
      for (int i = 0; i < width; i++) {
        SafeStmtPtr.SafePtrIntFunction<SQLException> type = storageClass.get(i);
        if (type != null && statement.safeRunInt(type) == Codes.SQLITE_TEXT) {
          byte[] bytes = rs.getBytes(i + 1);
          Utf8Text text = Utf8Text.of(bytes);
          // getObject after getBytes might see the value as a BLOB: the text is asked for as such
          row[i] = text != null ? text : checked(rs, table, i, rs.getString(i + 1));
        } else {
          row[i] = checked(rs, table, i, rs.getObject(i + 1));
        }
      }
      return row;
    }
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
