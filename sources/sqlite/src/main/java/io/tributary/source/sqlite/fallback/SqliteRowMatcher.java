package io.tributary.source.sqlite.fallback;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.writeback.SourceValue;
import io.tributary.source.spi.writeback.StatementCache;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds one row of a SQLite table equal to a row of its target table, for tables identified by
 * their whole rows (no key to find them by): equal as capture sees it, each source value read
 * through the casting rules ({@link ValueCodec#fromSource}) and compared with the target's value.
 * The source's spelling of a value (a time's format, a uuid's case) cannot make two equal rows
 * differ this way. The rows compared are narrowed in SQL by the values whose source form is certain
 * (integers in INTEGER columns, text in TEXT columns); a table with neither is read whole for each
 * update or delete.
 */
final class SqliteRowMatcher {
  private final StatementCache statements;
  private final SqliteRowValues values;

  SqliteRowMatcher(StatementCache statements, SqliteRowValues values) {
    this.statements = statements;
    this.values = values;
  }

  /**
   * The rowid of one row equal in every given column, if there is one.
   *
   * @param rowid the table's rowid alias
   * @param row the target's values of the columns to compare
   */
  Optional<Long> find(TableDef table, String rowid, List<SourceValue> row) throws SQLException {
    List<String> columns = row.stream().map(v -> v.column().name()).toList();
    List<String> narrowing = new ArrayList<>();
    List<Object> bound = new ArrayList<>();
    for (SourceValue v : row) {
      if (certain(v)) {
        narrowing.add(v.column().name());
        bound.add(values.found(table, v));
      }
    }
    List<Object> expected = new ArrayList<>(row.size());
    for (SourceValue v : row) {
      expected.add(ValueCodec.decode(v.target(), v.column()));
    }
    PreparedStatement st =
        statements.prepare(
            SqliteWriteBackStatementBuilder.selectRows(
                table.sourceTable(), rowid, columns, narrowing));
    for (int i = 0; i < bound.size(); i++) {
      st.setObject(i + 1, bound.get(i));
    }
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        if (matches(rs, row, expected)) {
          return Optional.of(rs.getLong(1));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean matches(ResultSet rs, List<SourceValue> row, List<Object> expected)
      throws SQLException {
    for (int i = 0; i < row.size(); i++) {
      Object source;
      try {
        source = ValueCodec.fromSource(rs.getObject(i + 2), row.get(i).column());
      } catch (ValueCastException e) {
        return false;
      }
      if (!same(source, expected.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a value's source form is certain enough to narrow the rows in SQL: not NULL (an invalid
   * value may have become NULL on the target), an integer in a column of INTEGER affinity or text
   * in a column of TEXT affinity.
   */
  private static boolean certain(SourceValue v) {
    ColumnDef column = v.column();
    if (v.isNull() || v.original() != null || column.invalidPolicy() != InvalidPolicy.REJECT) {
      return false;
    }
    String declared = column.sourceType().toUpperCase(Locale.ROOT);
    return switch (column.targetType()) {
      case BIGINT, INTEGER, SMALLINT -> declared.contains("INT");
      case TEXT ->
          !declared.contains("INT")
              && (declared.contains("CHAR")
                  || declared.contains("CLOB")
                  || declared.contains("TEXT"))
              && column.targetSql().equals(TargetType.TEXT.sql());
      default -> false;
    };
  }

  /** Equality of decoded values: arrays by content, numerics by value. */
  static boolean same(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof float[] x && b instanceof float[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }
}
