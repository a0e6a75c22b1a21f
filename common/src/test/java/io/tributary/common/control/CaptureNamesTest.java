package io.tributary.common.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureNamesTest {
  @Test
  void slotNamesAreFoldedCutAndKeptDistinctByTheirHash() {
    String slot = CaptureNames.postgresSlot("AI-PA", "letta.db");
    assertThat(slot).matches("tributary_ai_pa_letta_db_[0-9a-f]{8}");
    assertThat(CaptureNames.postgresSlot("ai-pa", "letta.db"))
        .as("folding alone would make these equal")
        .isNotEqualTo(slot);
    String longer = CaptureNames.postgresSlot("m".repeat(80), "s".repeat(80));
    assertThat(longer).hasSize(63).matches("[a-z0-9_]+");
    assertThat(CaptureNames.postgresSlot("m".repeat(80), "s".repeat(79))).isNotEqualTo(longer);
  }

  @Test
  void sqliteConsumersAreMigrationSlashSource() {
    assertThat(CaptureNames.sqliteConsumer("ai-pa", "agent-platform"))
        .isEqualTo("ai-pa/agent-platform");
  }
}
