package io.tributary.orchestrator.state;

import io.tributary.common.control.MigrationState;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One migration with its sources' capture state and the progress of each of its tables. */
public record MigrationDetail(
    String id,
    MigrationState state,
    String stateReason,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    List<SourceProgress> sources,
    List<TableProgress> tables) {

  /**
   * The migration as recorded, with what stops it now where the operator looks: a source whose
   * capture is failing adds its error to the state reason and to each of its tables; a table apply
   * cannot write keeps its own problem and adds it, named, to the state reason.
   */
  static MigrationDetail of(
      MigrationRecord migration, List<SourceProgress> sources, List<TableProgress> tables) {
    Map<String, String> problems = new LinkedHashMap<>();
    for (SourceProgress source : sources) {
      if (source.problem() != null) {
        problems.put(source.name(), source.problem());
      }
    }
    List<String> now = new ArrayList<>(problems.values());
    for (TableProgress table : tables) {
      if (table.problem() != null) {
        now.add(table.source() + "." + table.sourceTable() + ": " + table.problem());
      }
    }
    String reason = migration.stateReason();
    if (!now.isEmpty() && migration.state().isActive()) {
      String joined = String.join("; ", now);
      reason = reason == null || reason.isBlank() ? joined : reason + " — now: " + joined;
    }
    List<TableProgress> shown =
        tables.stream()
            .map(
                t -> problems.containsKey(t.source()) ? t.withProblem(problems.get(t.source())) : t)
            .toList();
    return new MigrationDetail(
        migration.id(),
        migration.state(),
        reason,
        migration.createdAt(),
        migration.updatedAt(),
        sources,
        shown);
  }
}
