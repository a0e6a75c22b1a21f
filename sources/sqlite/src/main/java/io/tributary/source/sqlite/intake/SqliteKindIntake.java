package io.tributary.source.sqlite.intake;

import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.spi.intake.SourceIntake;
import java.util.List;

/** The intake of SQLite sources: {@link SqliteSourceIntake} reads the file. */
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
