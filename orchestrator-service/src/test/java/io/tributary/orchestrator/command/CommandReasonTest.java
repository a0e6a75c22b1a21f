package io.tributary.orchestrator.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.tributary.orchestrator.cutover.CutoverCoordinator;
import io.tributary.orchestrator.cutover.MigrationPauses;
import io.tributary.orchestrator.fallback.FallbackCoordinator;
import io.tributary.orchestrator.fallback.FallbackFinisher;
import io.tributary.orchestrator.state.CommandRefused;
import org.junit.jupiter.api.Test;

/**
 * Security review M7: a command's reason is stored in the audit log and resent by {@code /live} to
 * every viewer every second; a 5 MB one is refused (400 naming the limit) before anything runs.
 */
class CommandReasonTest {
  @Test
  void aReasonLongerThanTheLimitIsRefusedBeforeTheCommandRuns() {
    CutoverCoordinator coordinator = mock(CutoverCoordinator.class);
    MigrationPauses pauses = mock(MigrationPauses.class);
    FallbackCoordinator fallbacks = mock(FallbackCoordinator.class);
    FallbackFinisher finisher = mock(FallbackFinisher.class);
    OperatorCommands commands = new OperatorCommands(coordinator, pauses, fallbacks, finisher);
    String huge = "x".repeat(5 * 1024 * 1024);
    for (String command : OperatorCommands.NAMES) {
      CommandRefused refused =
          catchThrowableOfType(CommandRefused.class, () -> commands.run(command, "m", "op", huge));
      assertThat(refused).as(command).isNotNull();
      assertThat(refused.badInput()).isTrue();
      assertThat(refused.getMessage())
          .contains("reason is 5242880 characters long")
          .contains("at most 1000");
    }
    verifyNoInteractions(coordinator, pauses, fallbacks, finisher);
  }

  @Test
  void aReasonUpToTheLimitIsTakenAsGiven() {
    String longest = "é".repeat(CommandReason.MAX_LENGTH);
    assertThat(CommandReason.storable(longest)).isSameAs(longest);
    assertThat(CommandReason.storable(null)).isNull();
    assertThat(
            catchThrowableOfType(CommandRefused.class, () -> CommandReason.storable(longest + "x")))
        .isNotNull();
    assertThat(catchThrowableOfType(CommandRefused.class, () -> CommandReason.storable("a\0b")))
        .hasMessageContaining("NUL");
  }
}
