package io.tributary.source.sqlite.validate;

import io.tributary.source.sqlite.catalog.SqliteRowidRanges;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows one short read transaction reads ({@link ShortReads}): a condition on the table, to
 * follow {@code WHERE}, and the values of its parameters in order. A rowid range, or a key range of
 * a table without rowids ({@link KeyRanges}).
 */
record ReadRange(String condition, List<Object> parameters) {

  /** The rows of a rowid range. */
  static ReadRange of(SqliteRowidRanges.Range rowids) {
    return new ReadRange(SqliteRowidRanges.CONDITION, List.of(rowids.from(), rowids.to()));
  }

  /** Binds the parameters, from the statement's first on. */
  void bind(PreparedStatement statement) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
  }
}
