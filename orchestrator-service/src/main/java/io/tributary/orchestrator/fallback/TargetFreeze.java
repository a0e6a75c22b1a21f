package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.freeze.PgBouncerAdmin;
import io.tributary.orchestrator.freeze.postgres.PostgresRoleFreezer;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
   * One thing a freeze did, undone by {@link #unfreeze}.
   *
   * @param how {@code pgbouncer-pause} or {@code read-only-roles}
   * @param where the PgBouncer admin URL, or the target database
   * @param items the paused PgBouncer database, or the roles made read-only
   */
  public record Frozen(String how, String where, List<String> items) {}

  /**
   * Freezes, recording each part before it acts on the next; a part that fails undoes the parts
   * done and throws.
   *
   * @param sources the names of the migration's sources
   * @param targetUrl the target with Tributary's credentials
   * @param tables the migration's target tables, quoted and qualified
   */
  public List<Frozen> freeze(
      CutoverPlan plan,
      List<String> sources,
      String targetUrl,
      List<String> tables,
      Duration timeout) {
    List<Frozen> done = new ArrayList<>();
    try {
      boolean direct = false;
      for (String source : sources) {
        CutoverAction.PgBouncer p = plan.pgBouncer(source).orElse(null);
        if (p == null) {
          direct = true;
          continue;
        }
        try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, p.admin(), timeout)) {
          admin.pause(p.database(), timeout);
        }
        done.add(new Frozen("pgbouncer-pause", p.admin(), List.of(p.database())));
      }
      if (direct) {
        List<String> writers = roles.resolve(targetUrl, null, tables, timeout);
        PostgresRoleFreezer.FrozenRoles frozen = roles.freeze(targetUrl, writers, timeout);
        done.add(new Frozen("read-only-roles", frozen.database(), frozen.roles()));
      }
      return done;
    } catch (RuntimeException e) {
      unfreeze(done, targetUrl, timeout);
      throw e;
    }
  }

  /**
   * Undoes a freeze (idempotent): PgBouncer databases resumed, roles' read-only setting reset.
   *
   * @return what could not be undone, one line each (empty when everything was)
   */
  public List<String> unfreeze(List<Frozen> frozen, String targetUrl, Duration timeout) {
    List<String> stuck = new ArrayList<>();
    for (Frozen f : frozen) {
      try {
        if (f.how().equals("pgbouncer-pause")) {
          try (PgBouncerAdmin admin = PgBouncerAdmin.connect(vertx, f.where(), timeout)) {
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
