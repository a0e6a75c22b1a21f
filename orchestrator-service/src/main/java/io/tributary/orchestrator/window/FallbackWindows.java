package io.tributary.orchestrator.window;

import io.tributary.common.control.CaptureNames;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.CutoverAction;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.TargetTables;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The fallback window of a migration on the target: opened by a cutover before its freeze (a
 * publication of the migration's target tables and a logical slot, so that nothing the applications
 * write after the switch escapes it), its switch position recorded when the switch begins, its end
 * set when the migration is CUT_OVER, closed by a finish, a fallback, a rollback or its time
 * running out (slot and publication dropped). cdc-service reads the slot and writes every change
 * back into the sources; this class only makes, records and removes.
 */
@ApplicationScoped
public class FallbackWindows {
  private static final Logger LOG = Logger.getLogger(FallbackWindows.class);

  private final Pool pool;
  private final OrchestratorConfig config;

  public FallbackWindows(Pool pool, OrchestratorConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /** What the switch replaced ({@link SwitchOrigins}), null when nothing was recorded. */
  public String switchedFrom(String migration) {
    for (Row row :
        pool.preparedQuery(FallbackStatements.SWITCHED_FROM)
            .execute(Tuple.of(migration))
            .await()
            .atMost(timeout())) {
      return row.getString(0);
    }
    return null;
  }

  /**
   * Opens the window (idempotent: a cutover tried again reuses what an earlier try made): tables
   * without a primary key get replica identity FULL, then the publication, then the slot.
   *
   * @return what it did, for the cutover's step detail
   */
  public String open(String migration, long cutover) {
    String name = CaptureNames.reverseSlot(migration);
    needs(migration)
        .ifPresent(
            problem -> {
              throw new IllegalStateException(problem);
            });
    List<String[]> tables = TargetTables.of(pool, migration, timeout());
    if (tables.isEmpty()) {
      return "no fallback window: the migration has no target tables";
    }
    List<String[]> keyless = rows(FallbackStatements.TABLES_WITHOUT_IDENTITY, migration);
    for (String[] t : keyless) {
      pool.query(FallbackStatements.replicaIdentityFull(t[0], t[1]))
          .execute()
          .await()
          .atMost(timeout());
    }
    boolean publication =
        pool.preparedQuery(FallbackStatements.PUBLICATION_EXISTS)
            .execute(Tuple.of(name))
            .await()
            .atMost(timeout())
            .iterator()
            .hasNext();
    if (!publication) {
      pool.query(FallbackStatements.createPublication(name, tables))
          .execute()
          .await()
          .atMost(timeout());
    }
    boolean slot =
        pool.preparedQuery(FallbackStatements.SLOT_EXISTS)
            .execute(Tuple.of(name))
            .await()
            .atMost(timeout())
            .iterator()
            .hasNext();
    if (!slot) {
      pool.preparedQuery(FallbackStatements.CREATE_SLOT)
          .execute(Tuple.of(name))
          .await()
          .atMost(timeout());
    }
    pool.withTransaction(
            c ->
                c.preparedQuery(FallbackStatements.FORGET_CHANGES)
                    .execute(Tuple.of(migration))
                    .chain(
                        () ->
                            c.preparedQuery(FallbackStatements.RECORD_OPENED)
                                .execute(Tuple.of(migration, cutover, name, name))))
        .await()
        .atMost(timeout());
    return "fallback window opened: slot and publication "
        + name
        + " over "
        + tables.size()
        + " target tables"
        + (keyless.isEmpty()
            ? ""
            : " (" + keyless.size() + " without a primary key: replica identity FULL)");
  }

  /**
   * What the target lacks for a window, in an operator's words; empty when it has everything:
   * {@code wal_level = logical}, a free replication slot (or the migration's own, left by an
   * earlier try), a free WAL sender for the write-back's reader, and a role that may replicate.
   */
  public Optional<String> needs(String migration) {
    Row row =
        pool.preparedQuery(FallbackStatements.NEEDS)
            .execute(Tuple.of(CaptureNames.reverseSlot(migration)))
            .await()
            .atMost(timeout())
            .iterator()
            .next();
    List<String> missing = new ArrayList<>();
    if (!"logical".equals(row.getString("wal_level"))) {
      missing.add(
          "the target's wal_level is "
              + row.getString("wal_level")
              + ", not logical (set it in postgresql.conf and restart PostgreSQL)");
    }
    if (!row.getBoolean("own_slot") && row.getLong("used_slots") >= row.getInteger("max_slots")) {
      missing.add(
          "every replication slot of the target is taken ("
              + row.getLong("used_slots")
              + " of max_replication_slots "
              + row.getInteger("max_slots")
              + "): raise it, or finish other migrations' windows");
    }
    if (row.getLong("used_senders") >= row.getInteger("max_senders")) {
      missing.add(
          "every WAL sender of the target is busy ("
              + row.getLong("used_senders")
              + " of max_wal_senders "
              + row.getInteger("max_senders")
              + ")");
    }
    if (!Boolean.TRUE.equals(row.getBoolean("can_replicate"))) {
      missing.add("Tributary's role on the target has no REPLICATION attribute");
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of("the target cannot hold a fallback window: " + String.join("; ", missing));
  }

  /** The migration's target tables, quoted and qualified. */
  public List<String> targetTables(String migration) {
    return TargetTables.of(pool, migration, timeout()).stream()
        .map(t -> Identifiers.qualified(t[0], t[1]))
        .toList();
  }

  /**
   * Records the target's position as the switch begins (later changes are the applications'), and
   * what the switch actions are about to replace, for a fallback's switch back.
   */
  public void switchBegins(String migration, List<CutoverAction> actions) {
    String origins = SwitchOrigins.of(actions);
    String lsn =
        pool.query(FallbackStatements.CURRENT_LSN)
            .execute()
            .await()
            .atMost(timeout())
            .iterator()
            .next()
            .getString(0);
    pool.preparedQuery(FallbackStatements.RECORD_SWITCH)
        .execute(Tuple.of(migration, lsn, origins))
        .await()
        .atMost(timeout());
  }

  /** Sets the window's end, counted from now (the migration is CUT_OVER). */
  public void started(String migration, Duration window) {
    pool.preparedQuery(FallbackStatements.RECORD_ENDS)
        .execute(Tuple.of(migration, window.toSeconds()))
        .await()
        .atMost(timeout());
  }

  /**
   * Closes the window: recorded closed first (cdc-service stops reading the slot), then the slot
   * dropped (its reader ended if it still holds it) and the publication.
   *
   * @return what it did; empty when the migration has no open window
   */
  public String close(String migration, String reason) {
    Optional<FallbackWindow> window = window(migration);
    if (window.isEmpty()) {
      return "";
    }
    pool.preparedQuery(FallbackStatements.RECORD_CLOSED)
        .execute(Tuple.of(migration, reason))
        .await()
        .atMost(timeout());
    // idempotent: a close that could not drop them, or a window suspended by a fallback, is ended
    // here whatever closed_at says
    String name = window.get().slot();
    dropSlot(name);
    pool.query(FallbackStatements.dropPublication(window.get().publication()))
        .execute()
        .await()
        .atMost(timeout());
    return "fallback window closed (" + reason + "): slot and publication " + name + " dropped";
  }

  /** Stops the write-back, keeping the slot ({@link FallbackStatements#SUSPEND}). */
  public void suspend(String migration, String reason) {
    pool.preparedQuery(FallbackStatements.SUSPEND)
        .execute(Tuple.of(migration, reason))
        .await()
        .atMost(timeout());
  }

  /** Opens a window {@link #suspend} closed with {@code reason} again. */
  public void reopen(String migration, String reason) {
    pool.preparedQuery(FallbackStatements.REOPEN)
        .execute(Tuple.of(migration, reason))
        .await()
        .atMost(timeout());
  }

  /**
   * Migrations whose window's slot or publication is left over ({@link
   * FallbackStatements#LEFTOVERS}).
   */
  public List<String> leftovers() {
    List<String> out = new ArrayList<>();
    for (Row row : pool.query(FallbackStatements.LEFTOVERS).execute().await().atMost(timeout())) {
      out.add(row.getString(0));
    }
    return out;
  }

  private void dropSlot(String name) {
    long deadline = System.nanoTime() + timeout().toNanos();
    while (true) {
      var rows =
          pool.preparedQuery(FallbackStatements.SLOT_EXISTS)
              .execute(Tuple.of(name))
              .await()
              .atMost(timeout());
      if (!rows.iterator().hasNext()) {
        return;
      }
      Integer active = rows.iterator().next().getInteger(0);
      try {
        if (active != null) {
          if (System.nanoTime() < deadline - timeout().toNanos() / 2) {
            sleep(); // cdc-service lets go of it on its next reconciliation
            continue;
          }
          pool.preparedQuery(FallbackStatements.END_SLOT_READER)
              .execute(Tuple.of(active))
              .await()
              .atMost(timeout());
        }
        pool.preparedQuery(FallbackStatements.DROP_SLOT)
            .execute(Tuple.of(name))
            .await()
            .atMost(timeout());
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        LOG.debugf("Dropping slot %s failed, trying again: %s", name, e.getMessage());
        sleep();
      }
    }
  }

  /**
   * Writes a fence into the target's WAL; cdc-service records it in {@code applied_fence} once
   * every change before it is in the sources.
   *
   * @return its position
   */
  public String writeFence(String migration, long fence) {
    String content =
        ChangeEventCodec.MAPPER
            .createObjectNode()
            .put("migration", migration)
            .put("fence", fence)
            .toString();
    return pool.preparedQuery(FallbackStatements.FENCE)
        .execute(Tuple.of(CaptureNames.REVERSE_FENCE_PREFIX, content))
        .await()
        .atMost(timeout())
        .iterator()
        .next()
        .getString(0);
  }

  /** The last fence written back, and the write-back's error (null when it works). */
  public record Applied(Long fence, String error) {}

  public Applied applied(String migration) {
    for (Row row :
        pool.preparedQuery(FallbackStatements.APPLIED_FENCE)
            .execute(Tuple.of(migration))
            .await()
            .atMost(timeout())) {
      return new Applied(row.getLong("applied_fence"), row.getString("error"));
    }
    return new Applied(null, "no fallback window");
  }

  /** The window of a migration, if it ever had one. */
  public Optional<FallbackWindow> window(String migration) {
    for (Row row :
        pool.preparedQuery(FallbackStatements.WINDOW)
            .execute(Tuple.of(migration))
            .await()
            .atMost(timeout())) {
      return Optional.of(
          new FallbackWindow(
              row.getString("slot_name"),
              row.getString("publication_name"),
              row.getLong("cutover_id"),
              row.getString("opened_at"),
              row.getString("switch_lsn"),
              row.getString("window_ends_at"),
              row.getString("applied_lsn"),
              row.getString("applied_at"),
              row.getLong("applied_changes"),
              row.getLong("applied_fence"),
              row.getLong("lag_bytes"),
              row.getLong("rejects"),
              row.getLong("changed_rows"),
              row.getString("verified_at"),
              row.getLong("unverified_rows"),
              row.getString("error"),
              row.getString("error_at"),
              row.getString("closed_at"),
              row.getString("closed_reason")));
    }
    return Optional.empty();
  }

  /** Migrations CUT_OVER whose window's time ran out. */
  public List<String> expired() {
    List<String> out = new ArrayList<>();
    for (Row row : pool.query(FallbackStatements.EXPIRED).execute().await().atMost(timeout())) {
      out.add(row.getString(0));
    }
    return out;
  }

  /** A window's length as plans write it: {@code 7d}, {@code 24h}, {@code 30m}. */
  public static String describe(Duration window) {
    long minutes = window.toMinutes();
    if (minutes % (24 * 60) == 0) {
      return minutes / (24 * 60) + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }

  private List<String[]> rows(String sql, String migration) {
    List<String[]> out = new ArrayList<>();
    for (Row row : pool.preparedQuery(sql).execute(Tuple.of(migration)).await().atMost(timeout())) {
      out.add(new String[] {row.getString(0), row.getString(1)});
    }
    return out;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
