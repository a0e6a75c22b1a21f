package io.tributary.source.chroma;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.chroma.capture.ChromaSourceCapture;
import io.tributary.source.chroma.freeze.ChromaCutoverFreezer;
import io.tributary.source.chroma.intake.ChromaKindIntake;
import io.tributary.source.chroma.validate.ChromaSourceReader;
import io.tributary.source.spi.SourceKindModule;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.freeze.FreezeContext;
import io.tributary.source.spi.freeze.KindFreezer;
import io.tributary.source.spi.intake.IntakeContext;
import io.tributary.source.spi.intake.SourceIntake;
import io.tributary.source.spi.validate.ValidationContext;
import io.tributary.source.spi.validate.ValidationSource;
import java.util.Optional;

/** Chroma persist directories as a source kind: what this module offers the services. */
public final class ChromaKindModule implements SourceKindModule {
  @Override
  public SourceKind kind() {
    return SourceKind.CHROMA;
  }

  @Override
  public Optional<SourceIntake> intake(IntakeContext context) {
    return Optional.of(new ChromaKindIntake());
  }

  @Override
  public Optional<KindFreezer> freezer(FreezeContext context) {
    return Optional.of(new ChromaCutoverFreezer());
  }

  @Override
  public Optional<ValidationSource> validation(ValidationContext context) {
    return Optional.of(new ChromaSourceReader());
  }

  @Override
  public Optional<SourceCapture> capture(CaptureContext context) {
    return Optional.of(new ChromaSourceCapture(context));
  }
}
