package io.tributary.source.sqlite.fallback;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The form of each column of a SQLite source ({@link SqliteColumnForm}), read once per column on
 * the first value written back into it: {@value SqliteColumnForm#SAMPLES} of its non-NULL values,
 * the most recent first (by rowid). Only the columns whose type has several source forms are read
 * (dates and times, booleans, uuids, vectors, numbers, text without a declared type); the others
 * have one form.
 */
final class SqliteColumnForms {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteColumnForms.class);

  private final Connection connection;
  private final SqliteSourceTables tables;
  private final Map<String, SqliteColumnForm> forms = new HashMap<>();

  SqliteColumnForms(Connection connection, SqliteSourceTables tables) {
    this.connection = connection;
    this.tables = tables;
  }

  SqliteColumnForm form(TableDef table, ColumnDef column) throws SQLException {
    String key = table.sourceTable() + "\0" + column.name();
    SqliteColumnForm known = forms.get(key);
    if (known != null) {
      return known;
    }
    SqliteColumnForm form =
        sampled(column)
            ? SqliteColumnForm.detect(column, samples(table, column))
            : SqliteColumnForm.unsampled(column);
    if (isTemporal(column)) {
      LOG.info(
          "Writing {}.{} back as {}",
          table.qualifiedSourceName(),
          column.name(),
          form.time().describe());
    }
    forms.put(key, form);
    return form;
  }

  private static boolean sampled(ColumnDef column) {
    TargetType type =
        column.targetType() == TargetType.ARRAY ? column.elementType() : column.targetType();
    return switch (type) {
      case TIMESTAMPTZ, TIMESTAMP, DATE, BOOLEAN, UUID, VECTOR, HALFVEC -> true;
      case NUMERIC, DOUBLE, REAL, BIGINT, INTEGER, SMALLINT -> true;
      case TEXT -> column.sourceType().isBlank();
      default -> false;
    };
  }

  private static boolean isTemporal(ColumnDef column) {
    return column.targetType() == TargetType.TIMESTAMPTZ
        || column.targetType() == TargetType.TIMESTAMP
        || column.targetType() == TargetType.DATE;
  }

  private List<Object> samples(TableDef table, ColumnDef column) throws SQLException {
    SqliteSourceTables.Info info = tables.info(table);
    List<Object> samples = new ArrayList<>();
    if (!info.exists() || info.module() != null) {
      return samples; // its writes fail with the reason; nothing to read here
    }
    try (PreparedStatement st =
            connection.prepareStatement(
                SqliteWriteBackStatementBuilder.sampleColumn(
                    table.sourceTable(), column.name(), info.rowid(), SqliteColumnForm.SAMPLES));
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        Object value = rs.getObject(1);
        samples.add(
            value instanceof Integer i ? Long.valueOf(i) : value); // the driver's small ints
      }
    }
    return samples;
  }
}
