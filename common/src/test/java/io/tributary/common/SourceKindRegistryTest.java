package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRegistry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SourceKindRegistryTest {
  record Capture(SourceKind kind, String name) {}

  @Test
  @DisplayName(
      "A registry serves each kind's implementation, refuses a kind it lacks by name, and two"
          + " implementations of one kind")
  void servesRefusesAndRejectsDuplicates() {
    SourceKindRegistry<Capture> registry =
        new SourceKindRegistry<>(
            "capture",
            List.of(
                new Capture(SourceKind.SQLITE, "triggers"),
                new Capture(SourceKind.POSTGRES, "debezium")),
            Capture::kind);
    assertThat(registry.of(SourceKind.POSTGRES).name()).isEqualTo("debezium");
    assertThat(registry.kinds()).containsExactlyInAnyOrder(SourceKind.SQLITE, SourceKind.POSTGRES);
    assertThat(registry.find(SourceKind.CHROMA)).isEmpty();
    assertThat(registry.find(null)).isEmpty();
    assertThatThrownBy(() -> registry.of(SourceKind.MYSQL))
        .hasMessage("no capture for mysql sources in this version");
    assertThatThrownBy(
            () ->
                new SourceKindRegistry<>(
                    "capture",
                    List.of(
                        new Capture(SourceKind.SQLITE, "a"), new Capture(SourceKind.SQLITE, "b")),
                    Capture::kind))
        .hasMessageContaining("two capture implementations of sqlite sources");
  }
}
