package io.tributary.source.spi;

import io.tributary.common.plan.SourceKind;
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

/**
 * One source kind as the services see it: what the kind's module offers for each concern (plan
 * intake, capture, cutover freeze, write-back in the fallback window, validation), built from what
 * the service passes in through a context object. Each kind module has one implementation, listed
 * in its {@code META-INF/services/io.tributary.source.spi.SourceKindModule} and found by {@link
 * SourceKinds}; a service names no kind. A concern a kind does not offer is empty, and the service
 * refuses it with the registry's message ("no intake for mysql sources in this version").
 */
public interface SourceKindModule {

  /** The kind this module implements. */
  SourceKind kind();

  /** How plans read sources of this kind, if they can. */
  default Optional<SourceIntake> intake(IntakeContext context) {
    return Optional.empty();
  }

  /** How a cutover stops and restarts the applications' writes on sources of this kind. */
  default Optional<KindFreezer> freezer(FreezeContext context) {
    return Optional.empty();
  }

  /** How cdc-service captures the changes of sources of this kind. */
  default Optional<SourceCapture> capture(CaptureContext context) {
    return Optional.empty();
  }

  /** How the fallback window writes the target's changes back into sources of this kind. */
  default Optional<WriteBackKind> writeBack(WriteBackContext context) {
    return Optional.empty();
  }

  /** How the validator reads the source side of tables of this kind. */
  default Optional<ValidationSource> validation(ValidationContext context) {
    return Optional.empty();
  }
}
