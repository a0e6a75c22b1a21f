package io.tributary.orchestrator.cutover;

import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.orchestrator.state.MigrationNotFoundException;
import io.tributary.source.spi.freeze.CutoverSource;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A migration's sources with their captured tables, and its plan text. */
@ApplicationScoped
public class CutoverSourceRepository {
  static final String SOURCES =
      """
      SELECT s.name, s.kind, s.location, s.target_schema, t.source_schema, t.source_table
        FROM tributary.sources s
        LEFT JOIN tributary.tables t ON t.migration_id = s.migration_id AND t.source_name = s.name
       WHERE s.migration_id = $1
       ORDER BY s.name, t.source_schema, t.source_table""";

  static final String PLAN_TEXT = "SELECT plan_text FROM tributary.migrations WHERE id = $1";

  public List<CutoverSource> sources(SqlClient client, String migration, Duration timeout) {
    Map<String, String[]> heads = new LinkedHashMap<>();
    Map<String, SourceKind> kinds = new LinkedHashMap<>();
    Map<String, List<String>> tables = new LinkedHashMap<>();
    client
        .preparedQuery(SOURCES)
        .execute(Tuple.of(migration))
        .await()
        .atMost(timeout)
        .forEach(
            r -> {
              String name = r.getString("name");
              heads.putIfAbsent(
                  name,
                  new String[] {
                    r.getString("kind"), r.getString("location"), r.getString("target_schema")
                  });
              SourceKind kind =
                  kinds.computeIfAbsent(
                      name, n -> SourceKind.fromPlanName(r.getString("kind")).orElse(null));
              List<String> list = tables.computeIfAbsent(name, n -> new ArrayList<>());
              String table = r.getString("source_table");
              if (table != null) {
                // a source with schemas names its tables quoted and qualified ("a.b"."t": a
                // schema's name may hold a dot), another by name
                boolean bare = kind != null && !SourceKindRules.of(kind).schemaBearing();
                list.add(bare ? table : Identifiers.qualified(r.getString("source_schema"), table));
              }
            });
    List<CutoverSource> out = new ArrayList<>();
    heads.forEach(
        (name, h) ->
            out.add(new CutoverSource(name, kinds.get(name), h[1], h[2], tables.get(name))));
    return out;
  }

  /** The plan as the operator submitted it (placeholders unresolved). */
  public String planText(SqlClient client, String migration, Duration timeout) {
    for (var row :
        client.preparedQuery(PLAN_TEXT).execute(Tuple.of(migration)).await().atMost(timeout)) {
      return row.getString("plan_text");
    }
    throw new MigrationNotFoundException(migration);
  }
}
