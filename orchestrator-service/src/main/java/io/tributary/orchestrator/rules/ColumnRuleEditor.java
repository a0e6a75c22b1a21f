package io.tributary.orchestrator.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.orchestrator.OrchestratorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Changes a column's {@code invalid} policy in the recorded catalog ({@code
 * tributary.tables.definition}); apply reads the catalog again within seconds, the validator at its
 * next run. With a replay of rejects, this is how a plan change reaches rows already refused.
 */
@ApplicationScoped
public class ColumnRuleEditor {
  private static final Logger LOG = Logger.getLogger(ColumnRuleEditor.class);

  static final String TABLES =
      """
      SELECT source_name, definition::text AS definition FROM tributary.tables
       WHERE migration_id = $1 AND source_table = $2 AND ($3::text IS NULL OR source_name = $3)
       FOR UPDATE""";

  static final String UPDATE =
      """
      UPDATE tributary.tables SET definition = $4::text::jsonb
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3""";

  /** Why a change was refused, and with which status. */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Pool pool;
  private final OrchestratorConfig config;

  public ColumnRuleEditor(Pool pool, OrchestratorConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /**
   * Applies the change and returns the column as now recorded.
   *
   * @throws Refused 404 for an unknown table or column, 400 for a change that cannot be made
   */
  public ColumnDef change(
      String migration, String source, String table, String column, ColumnRuleChange change) {
    InvalidPolicy policy = InvalidPolicy.parse(change == null ? null : change.invalid());
    if (policy == null) {
      throw new Refused(400, "give \"invalid\": \"reject\" or \"null\"");
    }
    return pool.withTransaction(
            c ->
                c.preparedQuery(TABLES)
                    .execute(Tuple.of(migration, table, source))
                    .chain(
                        rows -> {
                          TableDef def = single(rows, migration, source, table);
                          String sourceName = rows.iterator().next().getString("source_name");
                          List<ColumnDef> columns = new ArrayList<>();
                          ColumnDef changed = null;
                          for (ColumnDef col : def.columns()) {
                            if (col.name().equals(column)) {
                              if (policy == InvalidPolicy.NULL && col.keyPosition() > 0) {
                                throw new Refused(
                                    400,
                                    "'"
                                        + column
                                        + "' is a key column: an invalid key cannot become NULL");
                              }
                              changed = col.withRules(col.targetName(), policy, col.remap());
                              columns.add(changed);
                            } else {
                              columns.add(col);
                            }
                          }
                          if (changed == null) {
                            throw new Refused(
                                404, "no column '" + column + "' in " + def.qualifiedSourceName());
                          }
                          TableDef updated = def.withColumns(columns);
                          ColumnDef result = changed;
                          return c.preparedQuery(UPDATE)
                              .execute(Tuple.of(migration, sourceName, table, json(updated)))
                              .map(ignored -> result);
                        }))
        .invoke(
            col ->
                LOG.infof(
                    "Migration %s: invalid values of %s.%s now %s",
                    migration, table, column, col.invalidPolicy()))
        .await()
        .atMost(config.databaseTimeout());
  }

  private static TableDef single(RowSet<Row> rows, String migration, String source, String table) {
    if (rows.size() == 0) {
      throw new Refused(
          404,
          "migration '"
              + migration
              + "' has no table '"
              + table
              + "'"
              + (source == null ? "" : " in source '" + source + "'"));
    }
    if (rows.size() > 1) {
      throw new Refused(400, "several sources have a table '" + table + "': give ?source=");
    }
    try {
      return ChangeEventCodec.MAPPER.readValue(
          rows.iterator().next().getString("definition"), TableDef.class);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable catalog entry of " + table, e);
    }
  }

  private static String json(TableDef def) {
    try {
      return ChangeEventCodec.MAPPER.writeValueAsString(def);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
