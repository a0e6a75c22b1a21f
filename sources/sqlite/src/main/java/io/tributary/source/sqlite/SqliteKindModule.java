package io.tributary.source.sqlite;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.SourceKindModule;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.freeze.FreezeContext;
import io.tributary.source.spi.freeze.KindFreezer;
import io.tributary.source.spi.intake.IntakeContext;
import io.tributary.source.spi.intake.SourceIntake;
import io.tributary.source.spi.validate.ValidationContext;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.source.spi.writeback.WriteBackContext;
import io.tributary.source.spi.writeback.WriteBackKind;
import io.tributary.source.sqlite.capture.SqliteSourceCapture;
import io.tributary.source.sqlite.fallback.SqliteWriteBackKind;
import io.tributary.source.sqlite.freeze.SqliteCutoverFreezer;
import io.tributary.source.sqlite.intake.SqliteKindIntake;
import io.tributary.source.sqlite.validate.SqliteSourceReader;
import java.util.Optional;

/** SQLite files as a source kind: what this module offers the services. */
public final class SqliteKindModule implements SourceKindModule {
  @Override
  public SourceKind kind() {
    return SourceKind.SQLITE;
  }

  @Override
  public Optional<SourceIntake> intake(IntakeContext context) {
    return Optional.of(new SqliteKindIntake());
  }

  @Override
  public Optional<KindFreezer> freezer(FreezeContext context) {
    return Optional.of(new SqliteCutoverFreezer());
  }

  @Override
  public Optional<SourceCapture> capture(CaptureContext context) {
    return Optional.of(new SqliteSourceCapture(context));
  }

  @Override
  public Optional<WriteBackKind> writeBack(WriteBackContext context) {
    return Optional.of(new SqliteWriteBackKind(context.fileLockWait()));
  }

  @Override
  public Optional<ValidationSource> validation(ValidationContext context) {
    return Optional.of(new SqliteSourceReader());
  }
}
