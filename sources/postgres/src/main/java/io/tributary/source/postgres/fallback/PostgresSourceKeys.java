package io.tributary.source.postgres.fallback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.writeback.SourceKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A PostgreSQL source's key values as capture reads them: Debezium gives integers and floats as
 * numbers and every other key as its text (numerics as decimal text), so each value is read as text
 * and turned into a number for the integer and float types. A {@code uuid} column holds the
 * target's uuids as they are: its keys need no lookup.
 */
final class PostgresSourceKeys implements SourceKeys {
  private final Connection connection;

  PostgresSourceKeys(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void read(TableDef table, ColumnDef column, Consumer<JsonNode> values)
      throws SQLException {
    String type = column.sourceType().strip().toLowerCase(Locale.ROOT);
    boolean integer = type.equals("smallint") || type.equals("integer") || type.equals("bigint");
    boolean real = type.equals("real") || type.equals("double precision");
    try (PreparedStatement st =
        connection.prepareStatement(
            PostgresWriteBackStatementBuilder.selectKeyText(
                table.sourceSchema(), table.sourceTable(), column.name()))) {
      st.setFetchSize(10_000); // streamed: auto-commit is off on this connection
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String text = rs.getString(1);
          if (integer) {
            values.accept(ValueCodec.nodes().numberNode(Long.parseLong(text)));
          } else if (real) {
            values.accept(ValueCodec.nodes().numberNode(Double.parseDouble(text)));
          } else {
            values.accept(ValueCodec.nodes().textNode(text));
          }
        }
      }
    }
  }

  @Override
  public boolean holdsUuids(ColumnDef column) {
    return column.sourceType().strip().equalsIgnoreCase("uuid");
  }
}
