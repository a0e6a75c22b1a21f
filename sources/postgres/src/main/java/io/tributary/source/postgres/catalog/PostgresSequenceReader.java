package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.PostgresSequence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks up the free-standing sequences that a PostgreSQL source's column defaults draw from, each
 * once per catalog read, with the properties the target re-creates them with.
 */
final class PostgresSequenceReader {
  private final Connection connection;
  private final Map<String, String> schemas;
  private final Map<Long, PostgresSequence> sequences = new LinkedHashMap<>();

  /**
   * @param connection an open connection to the source database (left open)
   * @param schemas source schema to target schema
   */
  PostgresSequenceReader(Connection connection, Map<String, String> schemas) {
    this.connection = connection;
    this.schemas = schemas;
  }

  /** The sequences found so far, in the order first met. */
  List<PostgresSequence> sequences() {
    return new ArrayList<>(sequences.values());
  }

  /**
   * A free-standing sequence of a migrated schema, with its properties, for the target; null when
   * its schema is not migrated (the default is then left out, with a warning).
   */
  PostgresSequence sequence(long oid) throws SQLException {
    if (sequences.containsKey(oid)) {
      return sequences.get(oid);
    }
    try (PreparedStatement st = connection.prepareStatement(PostgresCatalogQueries.SEQUENCE)) {
      st.setLong(1, oid);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next() || !schemas.containsKey(rs.getString(1))) {
          return null;
        }
        PostgresSequence sequence =
            new PostgresSequence(
                rs.getString(1),
                rs.getString(2),
                schemas.get(rs.getString(1)),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getBoolean(9));
        sequences.put(oid, sequence);
        return sequence;
      }
    }
  }
}
