package io.tributary.source.postgres.freeze;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import io.tributary.source.spi.freeze.PgBouncerControl;
import io.tributary.source.spi.freeze.RoleFreeze;
import io.tributary.source.spi.freeze.SourceFreezeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The freeze of a PostgreSQL source behind PgBouncer: its clients paused, and the write guard on
 * its tables when the sources stay read-only after the switch; the guard dropped before any resume
 * that lets the clients write into the source again.
 */
class PostgresCutoverFreezerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String URL = "postgresql://tributary:secret@db:5432/events";
  private static final CutoverSource SOURCE =
      new CutoverSource(
          "events-app", SourceKind.POSTGRES, URL, "events_app", List.of("\"public\".\"events\""));

  private final List<String> calls = new ArrayList<>();
  private boolean guardFails;
  private boolean unguardFails;

  private final PgBouncerControl bouncers =
      new PgBouncerControl() {
        @Override
        public void pause(String adminUrl, String database, Duration timeout) {
          calls.add("PAUSE " + database);
        }

        @Override
        public void resume(String adminUrl, String database, Duration timeout) {
          calls.add("RESUME " + database);
        }

        @Override
        public List<String> databases(String adminUrl, Duration timeout) {
          return List.of("app");
        }
      };

  private final RoleFreeze roles =
      new RoleFreeze() {
        @Override
        public List<String> check(
            String url, List<String> roles, List<String> tables, Duration timeout) {
          return List.of("would");
        }

        @Override
        public List<String> resolve(
            String url, List<String> roles, List<String> tables, Duration timeout) {
          return roles;
        }

        @Override
        public FrozenRoles freeze(
            String url, List<String> roles, List<String> tables, String message, Duration t) {
          calls.add("guard " + tables + " roles " + roles);
          if (guardFails) {
            throw new SourceFreezeException("lock timeout on \"public\".\"events\"");
          }
          return new FrozenRoles("events", roles, 0, tables.size());
        }

        @Override
        public void unfreeze(String url, String database, List<String> roles, Duration t) {
          calls.add("unguard " + database + " roles " + roles);
          if (unguardFails) {
            throw new SourceFreezeException("connection refused");
          }
        }
      };

  private final PostgresCutoverFreezer freezer = new PostgresCutoverFreezer(bouncers, roles);

  private static CutoverPlan plan(boolean keepSourcesReadOnly) {
    return new CutoverPlan(
        null,
        keepSourcesReadOnly,
        null,
        List.of(
            new CutoverAction.PgBouncer(
                "events-app", "postgresql://admin@bouncer:6432/pgbouncer", "app", null, "u", "p")),
        false,
        keepSourcesReadOnly ? CutoverPlan.DEFAULT_FALLBACK_WINDOW : Duration.ZERO);
  }

  private FreezeOutcome freeze(CutoverPlan plan) {
    return freezer.freeze(
        SOURCE, freezer.intent(SOURCE, plan), plan, "cut over to the target", TIMEOUT);
  }

  @Test
  @DisplayName("with a fallback window: paused, then the write guard on every captured table")
  void pausedThenGuarded() {
    FreezeOutcome outcome = freeze(plan(true));
    assertThat(calls).containsExactly("PAUSE app", "guard [\"public\".\"events\"] roles []");
    assertThat(outcome.frozen().how()).isEqualTo(FrozenSource.PGBOUNCER_PAUSE);
    assertThat(outcome.detail()).contains("paused after", "write guard on 1 of 1 tables");
  }

  @Test
  @DisplayName("without one: paused only, as before")
  void pausedOnly() {
    freeze(plan(false));
    assertThat(calls).containsExactly("PAUSE app");
  }

  @Test
  @DisplayName("a guard that cannot be put on does not fail the freeze: the detail says so")
  void guardNotPutOn() {
    guardFails = true;
    FreezeOutcome outcome = freeze(plan(true));
    assertThat(outcome.detail())
        .contains("write guard NOT put on (a fallback's gate counts the tables)", "lock timeout");
  }

  @Test
  @DisplayName("a rollback drops the guard before it resumes the clients on the source")
  void rollbackUnguardsBeforeResume() {
    CutoverPlan plan = plan(true);
    FrozenSource frozen = freeze(plan).frozen();
    calls.clear();
    String undone = freezer.unfreeze(SOURCE, frozen, plan, TIMEOUT);
    assertThat(calls).containsExactly("unguard events roles []", "RESUME app");
    assertThat(undone).contains("write guard dropped, PgBouncer database app resumed");
  }

  @Test
  @DisplayName("a guard that cannot be dropped does not keep the clients paused")
  void resumedEvenWhenTheGuardStays() {
    CutoverPlan plan = plan(true);
    FrozenSource frozen = freeze(plan).frozen();
    calls.clear();
    unguardFails = true;
    String undone = freezer.unfreeze(SOURCE, frozen, plan, TIMEOUT);
    assertThat(calls).containsExactly("unguard events roles []", "RESUME app");
    assertThat(undone).contains("write guard NOT dropped", "connection refused");
  }

  @Test
  @DisplayName("before a fallback's switch back: the guard dropped, nothing resumed")
  void beforeSwitchBack() {
    CutoverPlan plan = plan(true);
    FrozenSource frozen = freeze(plan).frozen();
    calls.clear();
    assertThat(freezer.beforeSwitchBack(SOURCE, frozen, plan, TIMEOUT))
        .isEqualTo("events-app: write guard dropped");
    assertThat(calls).containsExactly("unguard events roles []");
    FrozenSource roleFrozen =
        new FrozenSource("events-app", FrozenSource.READ_ONLY_ROLES, "events", List.of("app"));
    assertThat(freezer.beforeSwitchBack(SOURCE, roleFrozen, plan, TIMEOUT)).isNull();
  }

  @Test
  @DisplayName("the check still only asks PgBouncer (no change)")
  void check() {
    List<CutoverCheck> checks = freezer.check(SOURCE, plan(true), TIMEOUT);
    assertThat(checks).hasSize(1);
    assertThat(calls).isEmpty();
  }
}
