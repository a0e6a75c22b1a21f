package io.tributary.cdc.apply;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.sql.UnnestParameters;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * The parameters of an {@code unnest} statement ({@link UnnestParameters}) as the Vert.x client
 * takes them: a {@code bytea[]} as Buffer[].
 */
final class ColumnArrays {
  private ColumnArrays() {}

  static Tuple of(List<ColumnDef> columns, List<Object[]> rows) {
    List<Object> parameters = UnnestParameters.of(columns, rows);
    parameters.replaceAll(ColumnArrays::toVertx);
    return Tuple.from(parameters);
  }

  private static Object toVertx(Object parameter) {
    if (parameter instanceof byte[][] values) {
      Buffer[] buffers = new Buffer[values.length];
      for (int i = 0; i < values.length; i++) {
        buffers[i] = values[i] == null ? null : Buffer.buffer(values[i]);
      }
      return buffers;
    }
    return parameter;
  }
}
