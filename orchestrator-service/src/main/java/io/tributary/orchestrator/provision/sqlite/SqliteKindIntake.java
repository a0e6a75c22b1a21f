package io.tributary.orchestrator.provision.sqlite;

import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.orchestrator.provision.SourceCatalog;
import io.tributary.orchestrator.provision.SourceIntake;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The intake of SQLite sources: {@link SqliteSourceIntake} reads the file. */
@ApplicationScoped
public class SqliteKindIntake implements SourceIntake {
  @Override
  public SourceKind kind() {
    return SourceKind.SQLITE;
  }

  @Override
  public SourceCatalog read(
      String migration,
      SourceSpec source,
      SourceSpec submitted,
      String path,
      List<PlanError> errors) {
    return SqliteSourceIntake.read(migration, source, path, errors);
  }
}
