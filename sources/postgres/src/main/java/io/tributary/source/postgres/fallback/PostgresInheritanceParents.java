package io.tributary.source.postgres.fallback;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Relation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The source's tables that other tables inherit from ({@code INHERITS}): the write-back updates and
 * deletes their own rows only ({@code ONLY}), whether or not the target keeps the inheritance — a
 * row of a child with the same key is the child's, written back through the child's own changes.
 * Read once, when the write-back opens (the source's hierarchy, not the recorded catalog, says
 * which rows a statement on the parent reaches).
 */
final class PostgresInheritanceParents {
  private final Set<String> parents;

  private PostgresInheritanceParents(Set<String> parents) {
    this.parents = parents;
  }

  /** The inheritance parents of the schemas of {@code tables}. */
  static PostgresInheritanceParents read(Connection connection, List<TableDef> tables)
      throws SQLException {
    Set<String> parents = new HashSet<>();
    Set<String> schemas = new HashSet<>();
    tables.forEach(t -> schemas.add(t.sourceSchema()));
    try (PreparedStatement st =
        connection.prepareStatement(PostgresWriteBackStatementBuilder.inheritanceParents())) {
      for (String schema : schemas) {
        st.setString(1, schema);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            parents.add(schema + "\0" + rs.getString(1));
          }
        }
      }
    }
    connection.commit();
    return new PostgresInheritanceParents(parents);
  }

  /** The source table of {@code table} as updates and deletes name it. */
  Relation relation(TableDef table) {
    return new Relation(
        table.sourceSchema(),
        table.sourceTable(),
        parents.contains(table.sourceSchema() + "\0" + table.sourceTable()));
  }
}
