package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.orchestrator.freeze.PgBouncerAdmin;
import io.tributary.orchestrator.freeze.PostgresRoleFreezer;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.SourceFreezeException;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Freezes writes to the target schemas for a fallback, as a cutover freezes a PostgreSQL source: a
 * source whose applications reach the target through PgBouncer (a {@code pgbouncer} switch action,
 * whose database entry now points at the target) gets {@code PAUSE} there, so their transactions
 * wait instead of failing; for the others every role that may write the migration's target tables
 * (Tributary's own and superusers excepted) is made read-only and its sessions ended.
 */
@ApplicationScoped
public class TargetFreeze {
  private final Vertx vertx;
  private final PostgresRoleFreezer roles = new PostgresRoleFreezer();

  public TargetFreeze(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * One thing a freeze did, undone by {@link #unfreeze}. Recorded in {@code tributary.cutovers} and
   * shown by {@code GET /migrations/{id}/fallback}: it holds no password. The PgBouncer admin URL's
   * password is taken from the plan's {@code pgbouncer} action whenever the console is reached
   * ({@link #adminUrl}).
   *
   * @param how {@code pgbouncer-pause} or {@code read-only-roles}
   * @param where the PgBouncer admin console as {@code user@host:port/database} (no password), or
   *     the target database
   * @param items the paused PgBouncer database, or the roles made read-only
   * @param source the plan source whose {@code pgbouncer} action names the console (null for roles,
   *     and in records of before this field)
   */
  public record Frozen(String how, String where, List<String> items, String source) {
    public Frozen(String how, String where, List<String> items) {
      this(how, where, items, null);
    }
  }

  static final String PGBOUNCER_PAUSE = "pgbouncer-pause";
  static final String READ_ONLY_ROLES = "read-only-roles";

  /**
   * What a freeze will do, resolved before it acts (the writer roles read from the target), so that
   * it can be recorded first: a stopped orchestrator's successor then undoes whatever part was
   * done.
   *
   * @param sources the names of the migration's sources
   * @param targetUrl the target with Tributary's credentials
   * @param tables the migration's target tables, quoted and qualified
   */
  public List<Frozen> intents(
      CutoverPlan plan,
      List<String> sources,
      String targetUrl,
      List<String> tables,
      Duration timeout) {
    List<Frozen> out = new ArrayList<>();
    boolean direct = false;
    for (String source : sources) {
      CutoverAction.PgBouncer p = plan.pgBouncer(source).orElse(null);
      if (p == null) {
        direct = true;
      } else {
        out.add(new Frozen(PGBOUNCER_PAUSE, shown(p.admin()), List.of(p.database()), source));
      }
    }
    if (direct) {
      List<String> writers = roles.resolve(targetUrl, null, tables, timeout);
      out.add(new Frozen(READ_ONLY_ROLES, PostgresUrl.parse(targetUrl).database(), writers));
    }
    return out;
  }

  /** An admin URL as a record shows it: {@code user@host:port/database}, never the password. */
  static String shown(String adminUrl) {
    try {
      return PostgresUrl.parse(adminUrl).toString();
    } catch (IllegalArgumentException e) {
      return "(an invalid URL)";
    }
  }

  /**
   * The admin URL, with its password, to reach the console of {@code part}: the plan's {@code
   * pgbouncer} action of its source, else the plan's action whose console it names; a record of
   * before passwords were left out holds the whole URL, used as it is.
   *
   * @throws SourceFreezeException when the plan names no such console any more
   */
  static String adminUrl(CutoverPlan plan, Frozen part) {
    if (part.source() != null) {
      Optional<CutoverAction.PgBouncer> action = plan.pgBouncer(part.source());
      if (action.isPresent() && shown(action.get().admin()).equals(part.where())) {
        return action.get().admin();
      }
    }
    for (CutoverAction action : plan.actions()) {
      if (action instanceof CutoverAction.PgBouncer p && shown(p.admin()).equals(part.where())) {
        return p.admin();
      }
    }
    if (part.where() != null && part.where().contains("://")) {
      return part.where(); // recorded whole by an earlier version
    }
    throw new SourceFreezeException(
        "the plan has no pgbouncer action for the admin console "
            + part.where()
            + " any more: RESUME "
            + part.items()
            + " there by hand");
  }

  /**
   * Whether each part of a freeze could run now, nothing frozen: PgBouncer's admin console reached
   * and the database known there; the writer roles were resolved by {@link #intents} already.
   */
  public List<CutoverCheck> check(CutoverPlan plan, List<Frozen> intents, Duration timeout) {
    List<CutoverCheck> out = new ArrayList<>();
    for (Frozen f : intents) {
      if (f.how().equals(PGBOUNCER_PAUSE)) {
        for (String database : f.items()) {
          try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, adminUrl(plan, f), timeout)) {
            boolean known = admin.databases().stream().anyMatch(d -> d.name().equals(database));
            out.add(
                known
                    ? CutoverCheck.passed(
                        "freeze-target",
                        database,
                        "PgBouncer would PAUSE it (admin console reached)")
                    : CutoverCheck.failed(
                        "freeze-target",
                        database,
                        "PgBouncer's admin console has no such database"));
          } catch (RuntimeException e) {
            out.add(CutoverCheck.failed("freeze-target", database, e.getMessage()));
          }
        }
      } else {
        out.add(
            CutoverCheck.passed(
                "freeze-target",
                f.where(),
                f.items().isEmpty()
                    ? "no role but Tributary's and superusers may write the target tables"
                    : "roles made read-only: " + String.join(", ", f.items())));
      }
    }
    return out;
  }

  /** Does one part of what {@link #intents} said; undone by {@link #unfreeze}. */
  public void freeze(CutoverPlan plan, Frozen part, String targetUrl, Duration timeout) {
    if (part.how().equals(PGBOUNCER_PAUSE)) {
      try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, adminUrl(plan, part), timeout)) {
        for (String database : part.items()) {
          admin.pause(database, timeout);
        }
      }
    } else {
      // no write guard on the target: it is left to the roles (apply's own role writes nothing
      // once the fallback froze it)
      roles.freeze(targetUrl, part.items(), List.of(), "", timeout);
    }
  }

  /**
   * Undoes a freeze (idempotent): PgBouncer databases resumed, roles' read-only setting reset.
   *
   * @return what could not be undone, one line each (empty when everything was)
   */
  public List<String> unfreeze(
      CutoverPlan plan, List<Frozen> frozen, String targetUrl, Duration timeout) {
    List<String> stuck = new ArrayList<>();
    for (Frozen f : frozen) {
      try {
        if (f.how().equals(PGBOUNCER_PAUSE)) {
          try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, adminUrl(plan, f), timeout)) {
            f.items().forEach(admin::resume);
          }
        } else {
          roles.unfreeze(targetUrl, f.where(), f.items(), timeout);
        }
      } catch (RuntimeException e) {
        stuck.add(f.how() + " " + f.items() + ": " + e.getMessage());
      }
    }
    return stuck;
  }
}
