package io.tributary.cdc.apply;

import io.tributary.common.catalog.ColumnDef;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns rows into one typed array per column, the parameters of an {@code unnest} statement: {@code
 * bigint[]} as Long[], {@code double precision[]} as Double[], {@code text[]} as String[], {@code
 * bytea[]} as Buffer[], {@code numeric[]} as Numeric[].
 */
final class ColumnArrays {
  private ColumnArrays() {}

  static Tuple of(List<ColumnDef> columns, List<Object[]> rows) {
    List<Object> parameters = new ArrayList<>(columns.size());
    for (int c = 0; c < columns.size(); c++) {
      int n = rows.size();
      Object[] array =
          switch (columns.get(c).targetType()) {
            case BIGINT -> new Long[n];
            case DOUBLE -> new Double[n];
            case TEXT -> new String[n];
            case BYTEA -> new Buffer[n];
            case NUMERIC -> new Numeric[n];
          };
      for (int r = 0; r < n; r++) {
        array[r] = toVertx(rows.get(r)[c]);
      }
      parameters.add(array);
    }
    return Tuple.from(parameters);
  }

  private static Object toVertx(Object value) {
    if (value instanceof byte[] bytes) {
      return Buffer.buffer(bytes);
    }
    if (value instanceof BigDecimal decimal) {
      return Numeric.create(decimal);
    }
    return value;
  }
}
