package io.tributary.source.postgres.freeze;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import io.tributary.source.spi.freeze.KindFreezer;
import io.tributary.source.spi.freeze.PgBouncerControl;
import io.tributary.source.spi.freeze.RoleFreeze;
import io.tributary.source.spi.freeze.SourceFreezeException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The freeze of PostgreSQL sources: behind PgBouncer (a {@code pgbouncer} action names the source),
 * {@code PAUSE} of its database there, so clients wait instead of failing ({@link
 * PgBouncerControl}); otherwise the applications' roles made read-only in the database, their
 * sessions ended ({@link RoleFreeze}). Either way, when the plan keeps the sources read-only after
 * the switch (a fallback window), the captured tables get the write guard, which refuses every
 * writer but the fallback window's write-back: behind PgBouncer it is what keeps a client that
 * reaches the database directly from writing there after the switch, and what lets a fallback's
 * gate know that nothing but the write-back wrote the source since (it counts the tables
 * otherwise).
 */
public class PostgresCutoverFreezer implements KindFreezer {
  private final PgBouncerControl bouncers;
  private final RoleFreeze roles;

  /**
   * @param bouncers the orchestrator's PgBouncer consoles
   * @param roles the orchestrator's role freeze
   */
  public PostgresCutoverFreezer(PgBouncerControl bouncers, RoleFreeze roles) {
    this.bouncers = bouncers;
    this.roles = roles;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRES;
  }

  @Override
  public FrozenSource intent(CutoverSource source, CutoverPlan plan) {
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

  /** For read-only roles: the roles, found now when the plan names none. */
  @Override
  public FrozenSource resolve(
      CutoverSource source, FrozenSource intent, CutoverPlan plan, Duration timeout) {
    if (!FrozenSource.READ_ONLY_ROLES.equals(intent.how())) {
      return intent;
    }
    return new FrozenSource(
        intent.source(),
        intent.how(),
        intent.database(),
        roles.resolve(source.location(), intent.items(), source.tables(), timeout));
  }

  @Override
  public FreezeOutcome freeze(
      CutoverSource source,
      FrozenSource intent,
      CutoverPlan plan,
      String message,
      Duration timeout) {
    switch (intent.how()) {
      case FrozenSource.PGBOUNCER_PAUSE -> {
        CutoverAction.PgBouncer bouncer = plan.pgBouncer(source.name()).orElseThrow();
        long started = System.nanoTime();
        bouncers.pause(bouncer.admin(), bouncer.database(), timeout);
        long paused = (System.nanoTime() - started) / 1_000_000;
        return new FreezeOutcome(
            intent,
            source.name()
                + ": PgBouncer database "
                + bouncer.database()
                + " paused after "
                + paused
                + " ms"
                + (plan.keepSourcesReadOnly() ? guard(source, message, timeout) : ""));
      }
      case FrozenSource.READ_ONLY_ROLES -> {
        RoleFreeze.FrozenRoles done =
            roles.freeze(source.location(), intent.items(), source.tables(), message, timeout);
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
                + " sessions ended, write guard on "
                + done.guardedTables()
                + " tables");
      }
      default -> throw new SourceFreezeException("unknown freeze '" + intent.how() + "'");
    }
  }

  /**
   * The write guard on a source behind PgBouncer, its clients already paused: what was done, after
   * "; ". Not put on (a table this role may not guard, a lock not had in time) only costs a
   * fallback's gate its counts of those tables, so it does not fail the freeze.
   */
  private String guard(CutoverSource source, String message, Duration timeout) {
    long started = System.nanoTime();
    try {
      RoleFreeze.FrozenRoles done =
          roles.freeze(source.location(), List.of(), source.tables(), message, timeout);
      return "; write guard on "
          + done.guardedTables()
          + " of "
          + source.tables().size()
          + " tables in "
          + (System.nanoTime() - started) / 1_000_000
          + " ms";
    } catch (SourceFreezeException e) {
      return "; write guard NOT put on (a fallback's gate counts the tables): " + e.getMessage();
    }
  }

  /**
   * Behind PgBouncer: its admin console answers and lists the database, and its config file (which
   * the switch rewrites) is writable. Otherwise: the roles to freeze, and the privileges to freeze
   * them. Changes nothing.
   */
  @Override
  public List<CutoverCheck> check(CutoverSource source, CutoverPlan plan, Duration timeout) {
    Optional<CutoverAction.PgBouncer> bouncer = plan.pgBouncer(source.name());
    if (bouncer.isPresent()) {
      CutoverAction.PgBouncer b = bouncer.get();
      List<String> problems = new ArrayList<>();
      try {
        if (!bouncers.databases(b.admin(), timeout).contains(b.database())) {
          problems.add("PgBouncer has no database '" + b.database() + "' (SHOW DATABASES)");
        }
      } catch (RuntimeException e) {
        problems.add("PgBouncer's admin console: " + e.getMessage());
      }
      if (b.config() != null && !Files.isWritable(b.config())) {
        problems.add(b.config() + " is not writable (the switch rewrites its [databases] entry)");
      }
      return List.of(
          problems.isEmpty()
              ? CutoverCheck.passed(
                  "freeze",
                  source.name(),
                  "PgBouncer admin console answers; database "
                      + b.database()
                      + " would be paused; "
                      + b.config()
                      + " writable")
              : CutoverCheck.failed("freeze", source.name(), String.join("; ", problems)));
    }
    List<String> found =
        roles.check(
            source.location(),
            plan.freezeRoles().getOrDefault(source.name(), List.of()),
            source.tables(),
            timeout);
    String would = found.get(found.size() - 1);
    List<String> problems = found.subList(0, found.size() - 1);
    return List.of(
        problems.isEmpty()
            ? CutoverCheck.passed("freeze", source.name(), would + "; privileges to do it")
            : CutoverCheck.failed("freeze", source.name(), String.join("; ", problems)));
  }

  @Override
  public String unfreeze(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    switch (frozen.how()) {
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
        // the guard first: the clients PgBouncer lets go write into this database at once. Not
        // dropped (the database unreachable), they are resumed all the same: a write the guard
        // refuses says why, a client left paused would only wait
        String guard;
        try {
          beforeSwitchBack(source, frozen, plan, timeout);
          guard = "write guard dropped, ";
        } catch (SourceFreezeException e) {
          guard = "write guard NOT dropped (" + e.getMessage() + "), ";
        }
        bouncers.resume(bouncer.admin(), frozen.database(), timeout);
        return source.name()
            + ": "
            + guard
            + "PgBouncer database "
            + frozen.database()
            + " resumed";
      }
      case FrozenSource.READ_ONLY_ROLES -> {
        roles.unfreeze(source.location(), frozen.database(), frozen.items(), timeout);
        return source.name()
            + ": "
            + (frozen.items().isEmpty() ? "" : "roles " + frozen.items() + " writable again, ")
            + "write guard dropped";
      }
      default -> throw new SourceFreezeException("unknown freeze '" + frozen.how() + "'");
    }
  }

  /** Behind PgBouncer: the write guard dropped (every one of the database: idempotent). */
  @Override
  public String beforeSwitchBack(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    if (!FrozenSource.PGBOUNCER_PAUSE.equals(frozen.how())) {
      return null;
    }
    roles.unfreeze(
        source.location(), PostgresUrl.parse(source.location()).database(), List.of(), timeout);
    return source.name() + ": write guard dropped";
  }
}
