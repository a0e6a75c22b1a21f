package io.tributary.orchestrator.cutover;

import io.tributary.orchestrator.OrchestratorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The open rejects of a migration (rows apply could not write and no replay has brought since):
 * those rows exist only in the source, so a cutover must not leave them behind unless the operator
 * says so ({@link CutoverOptions#acceptRejects()}).
 */
@ApplicationScoped
public class OpenRejects {
  static final String SELECT_OPEN =
      """
      SELECT source_name, source_table, count(*) AS n, min(reason) AS reason
      FROM tributary.rejects
      WHERE migration_id = $1 AND replayed_at IS NULL
      GROUP BY source_name, source_table
      ORDER BY source_name, source_table""";

  /** The tables named in a summary; the others are counted. */
  static final int TABLES_NAMED = 5;

  /** The open rejects of one table, and one of their reasons. */
  public record TableRejects(String source, String table, long rows, String reason) {}

  /** The open rejects of a migration, per table. */
  public record Summary(List<TableRejects> tables) {
    public long rows() {
      return tables.stream().mapToLong(TableRejects::rows).sum();
    }

    public boolean none() {
      return tables.isEmpty();
    }

    /** e.g. {@code 3 rows in 2 tables: app.items 2 (value too long ...), app.tags 1 (...)}. */
    public String describe() {
      StringBuilder out =
          new StringBuilder()
              .append(rows())
              .append(rows() == 1 ? " row" : " rows")
              .append(" in ")
              .append(tables.size())
              .append(tables.size() == 1 ? " table: " : " tables: ");
      for (int i = 0; i < tables.size() && i < TABLES_NAMED; i++) {
        TableRejects t = tables.get(i);
        out.append(i == 0 ? "" : ", ")
            .append(t.source())
            .append('.')
            .append(t.table())
            .append(' ')
            .append(t.rows())
            .append(" (")
            .append(t.reason())
            .append(')');
      }
      if (tables.size() > TABLES_NAMED) {
        out.append(", and ").append(tables.size() - TABLES_NAMED).append(" more tables");
      }
      return out.toString();
    }

    /** Why a cutover that does not accept them stops, and what the operator can do. */
    public String refusal(String migration) {
      return "migration '"
          + migration
          + "' has open rejects, rows apply could not write that exist only in the source: "
          + describe()
          + " (GET /migrations/"
          + migration
          + " counts them per table; tributary.rejects holds each row and its reason). Fix their"
          + " cause and replay them (POST /migrations/"
          + migration
          + "/rejects/replay, SQLite sources), or cut over with acceptRejects=true (CLI"
          + " --accept-rejects) to leave them behind knowingly";
    }
  }

  private final Pool pool;
  private final OrchestratorConfig config;

  public OpenRejects(Pool pool, OrchestratorConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /** The open rejects of {@code migration} now. */
  public Summary of(String migration) {
    List<TableRejects> tables = new ArrayList<>();
    pool.preparedQuery(SELECT_OPEN)
        .execute(Tuple.of(migration))
        .await()
        .atMost(config.databaseTimeout())
        .forEach(
            row ->
                tables.add(
                    new TableRejects(
                        row.getString("source_name"),
                        row.getString("source_table"),
                        row.getLong("n"),
                        row.getString("reason"))));
    return new Summary(List.copyOf(tables));
  }
}
