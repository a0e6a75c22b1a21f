package io.tributary.orchestrator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.intake.IntakeContext;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SourceIntakesTest {

  @Test
  @DisplayName(
      "The kinds' modules on the orchestrator's class path give an intake for SQLite, PostgreSQL"
          + " and Chroma; a MySQL source is refused by name")
  void kindsFoundOnTheClassPath() {
    SourceIntakes intakes =
        new SourceIntakes(
            SourceKinds.load()
                .offering(kind -> kind.intake(new IntakeContext(Duration.ofSeconds(1)))));

    for (SourceKind kind :
        new SourceKind[] {SourceKind.SQLITE, SourceKind.POSTGRES, SourceKind.CHROMA}) {
      assertThat(intakes.of(kind).kind()).isEqualTo(kind);
    }
    assertThatThrownBy(() -> intakes.of(SourceKind.MYSQL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no intake for mysql sources in this version");
  }
}
