package io.tributary.source.postgres;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.postgres.capture.PostgresSourceCapture;
import io.tributary.source.postgres.fallback.PostgresWriteBackKind;
import io.tributary.source.postgres.freeze.PostgresCutoverFreezer;
import io.tributary.source.postgres.intake.PostgresKindIntake;
import io.tributary.source.postgres.intake.PostgresSourceConnector;
import io.tributary.source.postgres.intake.PostgresSourceIntake;
import io.tributary.source.postgres.validate.PostgresSourceReader;
import io.tributary.source.postgres.validate.PostgresWriteClock;
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
import java.util.Optional;

/** PostgreSQL databases as a source kind: what this module offers the services. */
public final class PostgresKindModule implements SourceKindModule {
  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRES;
  }

  @Override
  public Optional<SourceIntake> intake(IntakeContext context) {
    return Optional.of(
        new PostgresKindIntake(
            new PostgresSourceIntake(new PostgresSourceConnector(context.connectTimeout()))));
  }

  @Override
  public Optional<SourceCapture> capture(CaptureContext context) {
    return Optional.of(new PostgresSourceCapture(context));
  }

  @Override
  public Optional<KindFreezer> freezer(FreezeContext context) {
    return Optional.of(new PostgresCutoverFreezer(context.bouncers(), context.roles()));
  }

  @Override
  public Optional<WriteBackKind> writeBack(WriteBackContext context) {
    return Optional.of(new PostgresWriteBackKind());
  }

  @Override
  public Optional<ValidationSource> validation(ValidationContext context) {
    return Optional.of(
        new PostgresSourceReader(
            context.pgTables(), new PostgresWriteClock(), context.checksumWalLag()));
  }
}
