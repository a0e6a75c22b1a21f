package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The parameters of an {@link UpsertStatementBuilder} statement for a batch of rows, in statement
 * order ({@link ColumnBinding}): one typed array per column — {@code bigint[]} as Long[], {@code
 * integer[]} as Integer[], {@code smallint[]} as Short[], {@code double precision[]} as Double[],
 * {@code real[]} as Float[], {@code text[]} as String[], {@code bytea[]} as byte[][], {@code
 * boolean[]} as Boolean[], {@code uuid[]} as UUID[], {@code date[]} as LocalDate[], {@code time[]}
 * as LocalTime[], {@code timestamp[]} as LocalDateTime[], {@code timestamptz[]} as
 * OffsetDateTime[]; numeric, json, jsonb, halfvec, sparsevec, enums and arrays as String[] of each
 * value's PostgreSQL text form — then, for each vector column, its lengths and its flat elements
 * ({@link ColumnBinding#floatParameters}). Plain Java: the caller wraps them for its client (the
 * Vert.x client wants a {@code Buffer} per {@code bytea}).
 */
public final class UnnestParameters {
  private UnnestParameters() {}

  /**
   * @param rows each row's values in {@code columns} order, as {@link
   *     io.tributary.common.value.ValueCodec#decode} returns them
   */
  public static List<Object> of(List<ColumnDef> columns, List<Object[]> rows) {
    List<Object> parameters = new ArrayList<>(columns.size());
    List<Object> extra = new ArrayList<>();
    int n = rows.size();
    for (int c = 0; c < columns.size(); c++) {
      ColumnDef column = columns.get(c);
      if (ColumnBinding.bindsAsFloats(column)) {
        Object[] three = ColumnBinding.floatParameters(rows, c);
        parameters.add(three[0]);
        extra.add(three[1]);
        extra.add(three[2]);
        continue;
      }
      Object[] array = newArray(column, n);
      for (int r = 0; r < n; r++) {
        array[r] = ColumnBinding.parameterValue(rows.get(r)[c], column);
      }
      parameters.add(array);
    }
    parameters.addAll(extra);
    return parameters;
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
      case BYTEA -> new byte[n][];
      case BOOLEAN -> new Boolean[n];
      case UUID -> new UUID[n];
      case DATE -> new LocalDate[n];
      case TIME -> new LocalTime[n];
      case TIMESTAMP -> new LocalDateTime[n];
      case TIMESTAMPTZ -> new OffsetDateTime[n];
      default ->
          throw new IllegalStateException(
              column.targetType()
                  + " is bound as text; ColumnBinding and UnnestParameters disagree");
    };
  }
}
