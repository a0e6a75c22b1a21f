package io.tributary.orchestrator.provision;

import io.smallrye.mutiny.Uni;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.tributary.planning.PlanException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A migration creates its own target schemas: one that already exists (another application's, or
 * the schema of a finished or running migration) is never adopted — its ownership would change,
 * {@code PUBLIC} would lose its access, same-named tables would be written into and emptied by a
 * snapshot reset. Nor is a role adopted that has a schema's name or its apply role's ({@link
 * SchemaRoleDdlBuilder#roles}) and was not made by Tributary for a schema ({@link
 * SchemaRoleDdlBuilder#MARK}): an existing role ({@code analyst}, a superuser) would own the new
 * schema, and Tributary's own role would be granted it. The plan is refused naming each schema or
 * role and who uses it. Read inside the provisioning transaction, under its lock, so two plans
 * cannot both take a schema.
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

  /** The roles among $1 that Tributary did not make for a schema ($2: the mark). */
  static final String FOREIGN_ROLES =
      """
      SELECT rolname FROM pg_roles
       WHERE rolname = ANY($1)
         AND coalesce(shobj_description(oid, 'pg_authid'), '') <> $2""";

  private TakenSchemas() {}

  /**
   * Fails with a {@link PlanException} naming each source's target schema that exists already.
   *
   * @param sources the plan's sources, in order
   */
  static Uni<Void> refuse(SqlConnection connection, List<SourceSpec> sources) {
    List<String> wanted = new ArrayList<>();
    sources.forEach(s -> wanted.addAll(s.targetSchemas()));
    List<String> roles = new ArrayList<>();
    wanted.forEach(schema -> roles.addAll(SchemaRoleDdlBuilder.roles(schema)));
    Map<String, String> taken = new LinkedHashMap<>();
    Set<String> foreign = new HashSet<>();
    return connection
        .preparedQuery(EXISTING)
        .execute(Tuple.of(wanted.toArray(String[]::new)))
        .invoke(
            rows -> {
              for (Row row : rows) {
                String usedBy = row.getString("used_by");
                taken.put(row.getString("nspname"), usedBy == null ? "" : usedBy);
              }
            })
        .chain(
            () ->
                connection
                    .preparedQuery(FOREIGN_ROLES)
                    .execute(Tuple.of(roles.toArray(String[]::new), SchemaRoleDdlBuilder.MARK)))
        .chain(
            rows -> {
              rows.forEach(row -> foreign.add(row.getString("rolname")));
              List<PlanError> errors = errors(sources, taken);
              errors.addAll(roleErrors(sources, foreign));
              return errors.isEmpty()
                  ? Uni.createFrom().voidItem()
                  : Uni.createFrom().failure(new PlanException(errors));
            });
  }

  /**
   * One error per source and role of one of its schemas that exists and is not Tributary's.
   *
   * @param foreign the roles that exist, not marked {@link SchemaRoleDdlBuilder#MARK}
   */
  static List<PlanError> roleErrors(List<SourceSpec> sources, Set<String> foreign) {
    List<PlanError> errors = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      for (String schema : sources.get(i).targetSchemas()) {
        for (String role : SchemaRoleDdlBuilder.roles(schema)) {
          if (foreign.contains(role)) {
            errors.add(
                new PlanError(
                    "sources[" + i + "].schema",
                    "a role named '"
                        + role
                        + "' already exists in the target cluster and was not made by Tributary"
                        + " for target schema '"
                        + schema
                        + "': each schema gets roles of its own (its owner '"
                        + schema
                        + "' and '"
                        + SchemaRoleDdlBuilder.applyRole(schema)
                        + "'), never an existing role's rights; name another schema"));
          }
        }
      }
    }
    return errors;
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
