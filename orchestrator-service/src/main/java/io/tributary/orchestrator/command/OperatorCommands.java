package io.tributary.orchestrator.command;

import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.orchestrator.cutover.CutoverCoordinator;
import io.tributary.orchestrator.cutover.CutoverOptions;
import io.tributary.orchestrator.cutover.CutoverReport;
import io.tributary.orchestrator.cutover.MigrationPauses;
import io.tributary.orchestrator.fallback.FallbackCoordinator;
import io.tributary.orchestrator.fallback.FallbackFinisher;
import io.tributary.orchestrator.fallback.FallbackReport;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/**
 * The operator's commands on a migration — cutover, rollback, pause, resume, fallback, finish —
 * with the same effect whether they come through REST, the CLI (which calls REST) or a {@code
 * tributary.commands} event.
 */
@ApplicationScoped
public class OperatorCommands {
  /** The commands, as named in the API and in events. */
  public static final List<String> NAMES =
      List.of("cutover", "rollback", "pause", "resume", "fallback", "finish");

  private final CutoverCoordinator coordinator;
  private final MigrationPauses pauses;
  private final FallbackCoordinator fallbacks;
  private final FallbackFinisher finisher;

  public OperatorCommands(
      CutoverCoordinator coordinator,
      MigrationPauses pauses,
      FallbackCoordinator fallbacks,
      FallbackFinisher finisher) {
    this.coordinator = coordinator;
    this.pauses = pauses;
    this.fallbacks = fallbacks;
    this.finisher = finisher;
  }

  /**
   * Runs a command.
   *
   * @throws CommandRefused when it cannot run now (409, says why), or for a reason the audit log
   *     cannot store or is too long ({@link CommandReason}, 400)
   * @throws IllegalArgumentException for an unknown command
   * @throws io.tributary.orchestrator.state.MigrationNotFoundException no such migration
   */
  public CommandOutcome run(String command, String migration, String by, String reason) {
    String name = command == null ? "" : command.trim().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "cutover" -> cutover(migration, by, reason, CutoverOptions.DEFAULTS);
      case "rollback" -> rollback(migration, by, reason);
      case "pause" -> pause(migration, by, reason);
      case "resume" -> resume(migration, by, reason);
      case "fallback" -> fallback(migration, by, reason);
      case "finish" -> finish(migration, by, reason);
      default ->
          throw new IllegalArgumentException(
              "unknown command '" + command + "': give one of " + NAMES);
    };
  }

  /**
   * Starts a cutover.
   *
   * @param options the final gate compares every row ({@code full}), open rejects may be left
   *     behind ({@code acceptRejects})
   */
  public CommandOutcome cutover(
      String migration, String by, String reason, CutoverOptions options) {
    Cutover c = coordinator.start(migration, by, storable(reason), options);
    return new CommandOutcome(
        migration,
        "cutover",
        MigrationState.CUTTING_OVER,
        c.id(),
        "cutover " + c.id() + " started: follow it with GET /migrations/" + migration + "/cutover");
  }

  public CommandOutcome rollback(String migration, String by, String reason) {
    coordinator.rollback(migration, by, storable(reason));
    Long id = coordinator.latest(migration).map(CutoverReport::id).orElse(null);
    return new CommandOutcome(
        migration,
        "rollback",
        MigrationState.CUTTING_OVER,
        id,
        "cutover " + id + " is rolling back: its step stops and the sources are unfrozen");
  }

  public CommandOutcome pause(String migration, String by, String reason) {
    MigrationRecord r = pauses.pause(migration, by, storable(reason));
    return new CommandOutcome(
        migration,
        "pause",
        r.state(),
        null,
        "capture paused: changes wait in the sources until resume");
  }

  public CommandOutcome resume(String migration, String by, String reason) {
    MigrationRecord r = pauses.resume(migration, by, storable(reason));
    return new CommandOutcome(
        migration, "resume", r.state(), null, "capture resumed from where it stopped");
  }

  /** Falls back (a cutover backwards, within the fallback window); answers when it is done. */
  public CommandOutcome fallback(String migration, String by, String reason) {
    FallbackReport r = fallbacks.fallBack(migration, by, storable(reason));
    return new CommandOutcome(
        migration,
        "fallback",
        MigrationState.valueOf(r.state()),
        r.fallback(),
        r.outcome() + ", write pause " + r.writePauseMs() + " ms: " + r.detail());
  }

  /** Ends the fallback window. */
  public CommandOutcome finish(String migration, String by, String reason) {
    String detail = finisher.finish(migration, by, storable(reason));
    return new CommandOutcome(migration, "finish", MigrationState.FINISHED, null, detail);
  }

  /** See {@link CommandReason}. */
  private static String storable(String reason) {
    return CommandReason.storable(reason);
  }
}
