package io.tributary.source.sqlite.fallback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.writeback.SourceKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * A SQLite source's key values as capture reads them: each value as the driver gives it, in the
 * envelope encoding ({@link ValueCodec#toJson(Object, ColumnDef)}), so an integer key stays a
 * number and a BLOB a {@code {"$binary"}} object. SQLite may spell a uuid any way (any case,
 * braces, 16 bytes), so its uuid keys always go through the lookup.
 */
final class SqliteSourceKeys implements SourceKeys {
  private final Connection connection;

  SqliteSourceKeys(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void read(TableDef table, ColumnDef column, Consumer<JsonNode> values)
      throws SQLException {
    try (PreparedStatement st =
            connection.prepareStatement(
                SqliteWriteBackStatementBuilder.selectColumn(table.sourceTable(), column.name()));
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        Object value = rs.getObject(1);
        if (value != null) {
          values.accept(ValueCodec.toJson(value, column));
        }
      }
    }
  }

  @Override
  public boolean holdsUuids(ColumnDef column) {
    return false;
  }
}
