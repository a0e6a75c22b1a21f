package io.tributary.orchestrator.provision;

import io.smallrye.mutiny.Uni;
import io.tributary.common.plan.PlanError;
import io.tributary.planning.PlanException;
import io.tributary.source.spi.intake.SchemaObject;
import io.tributary.source.spi.intake.SourceCatalog;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The extensions a plan's sources need on the target (their {@code extension} objects: an index's
 * operator class, a type or a function an object uses), checked against the target's server before
 * anything is made: one the server does not have refuses the plan (400, naming it and what needs
 * it, under the source's field); one it has but the target database lacks is made first in the
 * provisioning transaction (each source's DDL starts with it); one installed already needs nothing.
 */
public final class TargetExtensions {
  /** $1 the extensions' names: each one the server has, and whether the database has it. */
  static final String AVAILABLE =
      "SELECT name, installed_version IS NOT NULL FROM pg_catalog.pg_available_extensions"
          + " WHERE name = ANY ($1)";

  private TargetExtensions() {}

  /**
   * The request with each source's DDL starting with the extensions to make.
   *
   * @throws PlanException (as the Uni's failure) naming each extension the server does not have
   */
  public static Uni<ProvisioningRequest> apply(Pool pool, ProvisioningRequest request) {
    Set<String> names = new LinkedHashSet<>();
    request.sources().forEach(s -> needed(s).forEach(o -> names.add(o.source())));
    if (names.isEmpty()) {
      return Uni.createFrom().item(request);
    }
    return pool.preparedQuery(AVAILABLE)
        .execute(Tuple.of(names.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, Boolean> installed = new HashMap<>();
              for (Row row : rows) {
                installed.put(row.getString(0), row.getBoolean(1));
              }
              return withExtensions(request, installed);
            });
  }

  /**
   * The request with each source's DDL starting with what makes the extensions the target lacks.
   *
   * @param installed by extension the server has, whether the target database has it
   * @throws PlanException naming each extension the server does not have
   */
  static ProvisioningRequest withExtensions(
      ProvisioningRequest request, Map<String, Boolean> installed) {
    List<PlanError> errors = new ArrayList<>();
    List<SourceCatalog> sources = new ArrayList<>();
    for (int i = 0; i < request.sources().size(); i++) {
      SourceCatalog source = request.sources().get(i);
      List<String> ddl = new ArrayList<>();
      for (SchemaObject extension : needed(source)) {
        Boolean has = installed.get(extension.source());
        if (has == null) {
          errors.add(
              new PlanError(
                  "sources[" + i + "]",
                  "extension "
                      + extension.source()
                      + " is not available on the target's server (pg_available_extensions):"
                      + " install it there, or skip what needs it ("
                      + extension.check()
                      + ")"));
        } else if (!has) {
          ddl.addAll(extension.statements());
        }
      }
      if (ddl.isEmpty()) {
        sources.add(source);
      } else {
        ddl.addAll(source.ddl());
        sources.add(
            new SourceCatalog(
                source.source(),
                source.tables(),
                ddl,
                source.notes(),
                source.finalizeSteps(),
                source.objects()));
      }
    }
    if (!errors.isEmpty()) {
      throw new PlanException(errors);
    }
    return new ProvisioningRequest(request.plan(), request.planText(), request.planJson(), sources);
  }

  private static List<SchemaObject> needed(SourceCatalog source) {
    return source.objects().stream()
        .filter(o -> o.kind().equals(SchemaObject.EXTENSION) && o.made())
        .toList();
  }
}
