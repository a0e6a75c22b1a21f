package io.tributary.cdc.apply;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.sql.ColumnBinding;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns rows into one typed array per column, the parameters of an {@code unnest} statement, as
 * {@link io.tributary.common.sql.UpsertStatementBuilder} expects them ({@link ColumnBinding}):
 * {@code bigint[]} as Long[], {@code integer[]} as Integer[], {@code smallint[]} as Short[], {@code
 * double precision[]} as Double[], {@code real[]} as Float[], {@code text[]} as String[], {@code
 * bytea[]} as Buffer[], {@code boolean[]} as Boolean[], {@code uuid[]} as UUID[], {@code date[]} as
 * LocalDate[], {@code time[]} as LocalTime[], {@code timestamp[]} as LocalDateTime[], {@code
 * timestamptz[]} as OffsetDateTime[]; numeric, json, jsonb, halfvec, sparsevec, enums and arrays as
 * String[] of each value's PostgreSQL text form, which the statement casts per element; vectors as
 * binary {@code real[]} (three parameters, see {@link ColumnBinding#unnestFloats}).
 */
final class ColumnArrays {
  private ColumnArrays() {}

  static Tuple of(List<ColumnDef> columns, List<Object[]> rows) {
    List<Object> parameters = new ArrayList<>(columns.size());
    List<Object> extra = new ArrayList<>();
    int n = rows.size();
    for (int c = 0; c < columns.size(); c++) {
      ColumnDef column = columns.get(c);
      if (ColumnBinding.bindsAsFloats(column)) {
        floats(rows, c, parameters, extra);
        continue;
      }
      Object[] array = newArray(column, n);
      for (int r = 0; r < n; r++) {
        array[r] = toVertx(ColumnBinding.parameterValue(rows.get(r)[c], column));
      }
      parameters.add(array);
    }
    parameters.addAll(extra);
    return Tuple.from(parameters);
  }

  /**
   * A vector column's three parameters ({@link ColumnBinding#unnestFloats}): each row's start (null
   * for NULL) in the column's place, its length and the flat elements after every column's.
   */
  private static void floats(
      List<Object[]> rows, int c, List<Object> parameters, List<Object> extra) {
    Object[] three = ColumnBinding.floatParameters(rows, c);
    parameters.add(three[0]);
    extra.add(three[1]);
    extra.add(three[2]);
  }

  private static Object[] newArray(ColumnDef column, int n) {
    if (ColumnBinding.bindsAsText(column)) {
      return new String[n];
    }
    return switch (column.targetType()) {
      case BIGINT -> new Long[n];
      case INTEGER -> new Integer[n];
      case SMALLINT -> new Short[n];
      case DOUBLE -> new Double[n];
      case REAL -> new Float[n];
      case TEXT -> new String[n];
      case BYTEA -> new Buffer[n];
      case BOOLEAN -> new Boolean[n];
      case UUID -> new UUID[n];
      case DATE -> new LocalDate[n];
      case TIME -> new LocalTime[n];
      case TIMESTAMP -> new LocalDateTime[n];
      case TIMESTAMPTZ -> new OffsetDateTime[n];
      default ->
          throw new IllegalStateException(
              column.targetType() + " is bound as text; ColumnBinding and ColumnArrays disagree");
    };
  }

  private static Object toVertx(Object value) {
    if (value instanceof byte[] bytes) {
      return Buffer.buffer(bytes);
    }
    return value;
  }
}
