package io.tributary.source.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.source.spi.intake.IntakeContext;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.spi.intake.SourceIntake;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SourceKindsTest {
  private static final IntakeContext CONTEXT = new IntakeContext(Duration.ofSeconds(3));

  /** A kind that reads plans and hands back the context it was given. */
  private record Reading(SourceKind kind) implements SourceKindModule {
    @Override
    public Optional<SourceIntake> intake(IntakeContext context) {
      return Optional.of(new Intake(kind, context));
    }
  }

  /** A kind that offers nothing. */
  private record Bare(SourceKind kind) implements SourceKindModule {}

  private record Intake(SourceKind kind, IntakeContext context) implements SourceIntake {
    @Override
    public SourceCatalog read(
        String migration,
        SourceSpec source,
        SourceSpec submitted,
        String path,
        List<PlanError> errors) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  @DisplayName("A concern lists what each kind offers for it, built from the service's context")
  void offering() {
    SourceKinds kinds =
        new SourceKinds(
            List.of(
                new Reading(SourceKind.POSTGRES),
                new Bare(SourceKind.CHROMA),
                new Reading(SourceKind.SQLITE)));

    List<SourceIntake> intakes = kinds.offering(kind -> kind.intake(CONTEXT));

    assertThat(kinds.kinds())
        .containsExactly(SourceKind.SQLITE, SourceKind.POSTGRES, SourceKind.CHROMA);
    assertThat(intakes)
        .extracting(SourceIntake::kind)
        .containsExactly(SourceKind.SQLITE, SourceKind.POSTGRES);
    assertThat(intakes).allSatisfy(i -> assertThat(((Intake) i).context()).isSameAs(CONTEXT));
  }

  @Test
  @DisplayName("Two modules for one kind are refused, naming both")
  void duplicate() {
    assertThatThrownBy(
            () ->
                new SourceKinds(
                    List.of(new Reading(SourceKind.SQLITE), new Bare(SourceKind.SQLITE))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two modules for sqlite sources")
        .hasMessageContaining("Reading")
        .hasMessageContaining("Bare");
  }

  @Test
  @DisplayName("With no kind module on the class path, nothing is offered")
  void none() {
    assertThat(SourceKinds.load().kinds()).isEmpty();
  }
}
