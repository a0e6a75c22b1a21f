package io.tributary.source.postgres.objects;

import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.intake.SchemaObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a source schema's functions, procedures and aggregates for {@link PostgresObjectReader}
 * (the schema alone on the search path): each made in the target schema from PostgreSQL's own
 * definition, its schema names rewritten, or named with why it is not.
 */
final class PostgresRoutineReader {
  private final Connection connection;
  private final Map<String, String> schemas;
  private final ObjectsMade objects;

  /**
   * @param schemas target schema by source schema name
   */
  PostgresRoutineReader(Connection connection, Map<String, String> schemas, ObjectsMade objects) {
    this.connection = connection;
    this.schemas = schemas;
    this.objects = objects;
  }

  void functions(String schema, String target, SchemaNameRewriter rewriter) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(PostgresObjectQueries.FUNCTIONS)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          long oid = rs.getLong(1);
          String name = rs.getString(2);
          String kind = "p".equals(rs.getString(3)) ? "procedure" : "function";
          String language = rs.getString(4);
          String definition = rs.getString(5);
          String arguments = rs.getString(7);
          String source = schema + "." + name + "(" + arguments + ")";
          if (definition == null) {
            objects.notMade(
                SchemaObject.notMade(
                    kind,
                    source,
                    "language "
                        + language
                        + ": its code is a shared library's, which only a superuser may load (an"
                        + " extension that provides it, created on the target, makes it)"));
            continue;
          }
          SchemaNameRewriter.Result body =
              rewriter.rewrite(
                  PostgresObjectStatements.searchPath(
                      PostgresObjectStatements.function(definition, rs.getString(6), name),
                      schemas));
          List<String> ddl = new ArrayList<>(List.of(body.text()));
          String signature = Identifiers.quote(name) + "(" + arguments + ")";
          ObjectsMade.comment(
              ddl, kind.toUpperCase(Locale.ROOT) + " " + signature, rs.getString(8));
          objects.made(
              "pg_proc:" + oid,
              kind,
              source,
              target,
              target + "." + name + "(" + arguments + ")",
              ddl,
              body.inLiterals());
        }
      }
    }
  }

  void aggregates(String schema, String target) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(PostgresObjectQueries.AGGREGATES)) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          long oid = rs.getLong(1);
          String name = rs.getString(2);
          String identity = rs.getString(5);
          String source = schema + "." + name + "(" + identity + ")";
          if (!"n".equals(rs.getString(3))) {
            objects.notMade(
                SchemaObject.notMade(
                    "aggregate",
                    source,
                    "an ordered-set or hypothetical-set aggregate is not carried yet: make it by"
                        + " hand"));
            continue;
          }
          String ddl =
              PostgresObjectStatements.aggregate(
                  new PostgresObjectStatements.Aggregate(
                      name,
                      rs.getString(4),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getInt(8),
                      rs.getString(9),
                      rs.getBoolean(10),
                      rs.getString(11),
                      rs.getString(12),
                      rs.getString(13),
                      rs.getString(14),
                      rs.getString(15),
                      rs.getString(16),
                      rs.getString(17),
                      rs.getInt(18),
                      rs.getString(19),
                      rs.getBoolean(20),
                      rs.getString(21),
                      rs.getString(22),
                      rs.getString(23)));
          List<String> statements = new ArrayList<>(List.of(ddl));
          ObjectsMade.comment(
              statements,
              "AGGREGATE "
                  + Identifiers.quote(name)
                  + "("
                  + (identity.isEmpty() ? "*" : identity)
                  + ")",
              rs.getString(24));
          objects.made(
              "pg_proc:" + oid,
              "aggregate",
              source,
              target,
              target + "." + name + "(" + identity + ")",
              statements,
              false);
        }
      }
    }
  }
}
