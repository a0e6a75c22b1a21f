package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.orchestrator.freeze.PgBouncerAdmin;
import io.tributary.orchestrator.freeze.PostgresRoleFreezer;
import io.tributary.orchestrator.freeze.SourceFreezeException;
import io.tributary.orchestrator.freeze.SqliteSourceFreezer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stops and restarts the applications' writes on one source, the way its kind and the plan allow:
 *
 * <ul>
 *   <li>SQLite: the write lock, then read-only triggers whose error says the database moved;
 *   <li>PostgreSQL behind PgBouncer (a {@code pgbouncer} action names the source): {@code PAUSE} of
 *       its database there, so clients wait instead of failing;
 *   <li>other PostgreSQL sources: the applications' roles made read-only in the database, their
 *       sessions ended.
 * </ul>
 */
@ApplicationScoped
public class SourceFreezer {
  private final SqliteSourceFreezer sqlite = new SqliteSourceFreezer();
  private final PostgresRoleFreezer roles = new PostgresRoleFreezer();
  private final io.vertx.mutiny.core.Vertx vertx;

  public SourceFreezer(io.vertx.mutiny.core.Vertx vertx) {
    this.vertx = vertx;
  }

  /** What the freeze of {@code source} will do (recorded before it acts). */
  public FrozenSource intent(CutoverSource source, CutoverPlan plan) {
    if (source.isSqlite()) {
      return new FrozenSource(source.name(), FrozenSource.SQLITE_TRIGGERS, null, source.tables());
    }
    if (source.isPostgres()) {
      Optional<CutoverAction.PgBouncer> bouncer = plan.pgBouncer(source.name());
      if (bouncer.isPresent()) {
        return new FrozenSource(
            source.name(), FrozenSource.PGBOUNCER_PAUSE, bouncer.get().database(), List.of());
      }
      return new FrozenSource(
          source.name(),
          FrozenSource.READ_ONLY_ROLES,
          PostgresUrl.parse(source.location()).database(),
          plan.freezeRoles().getOrDefault(source.name(), List.of()));
    }
    throw new SourceFreezeException(
        "source '"
            + source.name()
            + "' is of kind "
            + source.kind()
            + ", which this version cannot freeze for a cutover");
  }

  /**
   * Freezes a source.
   *
   * @param message what a refused SQLite write says
   * @return what was done (for roles: the roles actually made read-only)
   */
  public FreezeOutcome freeze(
      CutoverSource source,
      FrozenSource intent,
      CutoverPlan plan,
      String message,
      Duration timeout) {
    switch (intent.how()) {
      case FrozenSource.SQLITE_TRIGGERS -> {
        SqliteSourceFreezer.Frozen f =
            sqlite.freeze(Path.of(source.location()), source.tables(), message, timeout);
        return new FreezeOutcome(
            intent,
            source.name()
                + ": write lock after "
                + f.lockWaitMs()
                + " ms, read-only triggers on "
                + f.tables().size()
                + " tables");
      }
      case FrozenSource.PGBOUNCER_PAUSE -> {
        CutoverAction.PgBouncer bouncer = plan.pgBouncer(source.name()).orElseThrow();
        long started = System.nanoTime();
        try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, bouncer.admin(), timeout)) {
          admin.pause(bouncer.database(), timeout);
        }
        return new FreezeOutcome(
            intent,
            source.name()
                + ": PgBouncer database "
                + bouncer.database()
                + " paused after "
                + (System.nanoTime() - started) / 1_000_000
                + " ms");
      }
      case FrozenSource.READ_ONLY_ROLES -> {
        PostgresRoleFreezer.FrozenRoles done =
            roles.freeze(source.location(), intent.items(), source.tables(), timeout);
        return new FreezeOutcome(
            new FrozenSource(
                source.name(), FrozenSource.READ_ONLY_ROLES, done.database(), done.roles()),
            source.name()
                + ": roles "
                + done.roles()
                + " read-only in database "
                + done.database()
                + ", "
                + done.sessionsEnded()
                + " sessions ended");
      }
      default -> throw new SourceFreezeException("unknown freeze '" + intent.how() + "'");
    }
  }

  /** Undoes a freeze (idempotent); a description of what was undone. */
  public String unfreeze(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    switch (frozen.how()) {
      case FrozenSource.SQLITE_TRIGGERS -> {
        List<String> dropped = sqlite.unfreeze(Path.of(source.location()), timeout);
        return source.name() + ": " + dropped.size() + " read-only triggers removed";
      }
      case FrozenSource.PGBOUNCER_PAUSE -> {
        CutoverAction.PgBouncer bouncer =
            plan.pgBouncer(source.name())
                .orElseThrow(
                    () ->
                        new SourceFreezeException(
                            "the plan no longer has the pgbouncer action of source '"
                                + source.name()
                                + "': resume PgBouncer database "
                                + frozen.database()
                                + " by hand (RESUME "
                                + frozen.database()
                                + ")"));
        try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, bouncer.admin(), timeout)) {
          admin.resume(frozen.database());
        }
        return source.name() + ": PgBouncer database " + frozen.database() + " resumed";
      }
      case FrozenSource.READ_ONLY_ROLES -> {
        if (frozen.items().isEmpty()) {
          return source.name() + ": no role was made read-only";
        }
        roles.unfreeze(source.location(), frozen.database(), frozen.items(), timeout);
        return source.name() + ": roles " + frozen.items() + " writable again";
      }
      default -> throw new SourceFreezeException("unknown freeze '" + frozen.how() + "'");
    }
  }

  /**
   * What one freeze did.
   *
   * @param frozen what to undo
   * @param detail for the audit log
   */
  public record FreezeOutcome(FrozenSource frozen, String detail) {}
}
