package io.tributary.orchestrator.provision;

import io.smallrye.mutiny.Uni;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceSpec;
import io.tributary.planning.PlanException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A migration creates its own target schemas: one that already exists (another application's, or
 * the schema of a finished or running migration) is never adopted — its ownership would change,
 * {@code PUBLIC} would lose its access, same-named tables would be written into and emptied by a
 * snapshot reset. The plan is refused naming each schema and who uses it. Read inside the
 * provisioning transaction, under its lock, so two plans cannot both take a schema.
 */
final class TakenSchemas {
  static final String EXISTING =
      """
      SELECT n.nspname,
             (SELECT string_agg(DISTINCT t.migration_id || ' (' || m.state || ')', ', ')
                FROM tributary.tables t JOIN tributary.migrations m ON m.id = t.migration_id
               WHERE t.target_schema = n.nspname) AS used_by
        FROM pg_namespace n
       WHERE n.nspname = ANY($1)""";

  private TakenSchemas() {}

  /**
   * Fails with a {@link PlanException} naming each source's target schema that exists already.
   *
   * @param sources the plan's sources, in order
   */
  static Uni<Void> refuse(SqlConnection connection, List<SourceSpec> sources) {
    List<String> wanted = new ArrayList<>();
    sources.forEach(s -> wanted.addAll(s.targetSchemas()));
    return connection
        .preparedQuery(EXISTING)
        .execute(Tuple.of(wanted.toArray(String[]::new)))
        .chain(
            rows -> {
              Map<String, String> taken = new LinkedHashMap<>();
              for (Row row : rows) {
                String usedBy = row.getString("used_by");
                taken.put(row.getString("nspname"), usedBy == null ? "" : usedBy);
              }
              List<PlanError> errors = errors(sources, taken);
              return errors.isEmpty()
                  ? Uni.createFrom().voidItem()
                  : Uni.createFrom().failure(new PlanException(errors));
            });
  }

  /**
   * One error per source and taken schema.
   *
   * @param taken each existing schema, with the migrations whose tables it holds ("" for none)
   */
  static List<PlanError> errors(List<SourceSpec> sources, Map<String, String> taken) {
    List<PlanError> errors = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      for (String schema : sources.get(i).targetSchemas()) {
        String usedBy = taken.get(schema);
        if (usedBy == null) {
          continue;
        }
        errors.add(
            new PlanError(
                "sources[" + i + "].schema",
                "target schema '"
                    + schema
                    + "' already exists in the target database"
                    + (usedBy.isEmpty() ? "" : ", holding the tables of migration " + usedBy)
                    + ": a migration creates its own schemas and never writes into one that"
                    + " exists; name another schema, or drop this one first"));
      }
    }
    return errors;
  }
}
