package io.tributary.source.chroma.intake;

import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.spi.intake.SourceIntake;
import java.util.List;

/** The intake of Chroma stores: {@link ChromaSourceIntake} reads the store. */
public class ChromaKindIntake implements SourceIntake {
  @Override
  public SourceKind kind() {
    return SourceKind.CHROMA;
  }

  @Override
  public SourceCatalog read(
      String migration,
      SourceSpec source,
      SourceSpec submitted,
      String path,
      List<PlanError> errors) {
    return ChromaSourceIntake.read(migration, source, path, errors);
  }
}
