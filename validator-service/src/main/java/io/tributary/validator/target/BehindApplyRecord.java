package io.tributary.validator.target;

import io.smallrye.mutiny.Uni;
import io.tributary.source.spi.validate.ValidatedTable;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the behind-apply record of a target table (control schema version 17, DESIGN.md cutover
 * step 4): whether the cutover's trigger is on the table, and the writes it recorded that apply did
 * not make. The final gate trusts a table it does not count only while the trigger is there.
 */
@ApplicationScoped
public class BehindApplyRecord {
  /** $1 schema, $2 table. */
  static final String READ =
      """
      SELECT EXISTS (SELECT 1 FROM pg_trigger g
                      WHERE g.tgrelid = to_regclass(quote_ident($1) || '.' || quote_ident($2))
                        AND g.tgname = 'tributary_behind_apply' AND g.tgenabled <> 'D') AS recording,
             count(w.id) AS writes,
             min(w.at)::text AS first,
             string_agg(DISTINCT w.operation || ' by '
                        || CASE WHEN w.role_name = 'none' THEN w.login_name ELSE w.role_name END,
                        ', ') AS who
        FROM (SELECT 1) one
        LEFT JOIN tributary.foreign_writes w ON w.schema_name = $1 AND w.table_name = $2""";

  /**
   * What the record says of a table.
   *
   * @param recording whether the trigger is on the table (enabled)
   * @param writes how many statements not made by apply it recorded
   * @param first when the first was made, null when none
   * @param who the statements' kinds and roles ({@code UPDATE by analyst, ...}), null when none
   */
  public record ForeignWrites(boolean recording, long writes, String first, String who) {}

  private final Pool pool;

  public BehindApplyRecord(Pool pool) {
    this.pool = pool;
  }

  /** The record of the table. */
  public Uni<ForeignWrites> of(ValidatedTable table) {
    return pool.preparedQuery(READ)
        .execute(Tuple.of(table.definition().targetSchema(), table.definition().targetTable()))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new ForeignWrites(
                  row.getBoolean("recording"),
                  row.getLong("writes"),
                  row.getString("first"),
                  row.getString("who"));
            });
  }
}
