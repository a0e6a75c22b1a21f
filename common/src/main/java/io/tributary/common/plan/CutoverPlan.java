package io.tributary.common.plan;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan's {@code cutover} section, checked.
 *
 * <pre>
 * cutover:
 *   timeouts: { freeze: 10s, drain: 60s, validate: 10m }   # per step; defaults in CutoverStep
 *   keep-sources-read-only: true                           # after the switch (default true)
 *   final-validation: changed-rows                         # or full (default changed-rows)
 *   freeze:                                                # PostgreSQL sources without PgBouncer
 *     letta: { roles: [letta_app] }                        # default: every role that writes
 *   actions:
 *     - pgbouncer: { source: letta, admin: postgresql://pgbouncer@127.0.0.1:6432/pgbouncer,
 *                    database: letta, config: /etc/pgbouncer/pgbouncer.ini }
 *     - webhook: { url: https://ops.example/hooks/cutover, headers: { X-Token: ${TOKEN} } }
 *     - event: { topic: tributary.status }
 *     - env-file: { path: /srv/letta/database.env, source: letta }
 *   fallback: { window: 24h }                              # or false (default 24h)
 * </pre>
 *
 * @param timeouts each step's timeout (every step present)
 * @param keepSourcesReadOnly leave the freeze in place after the switch, so an application still
 *     writing to a source fails loudly instead of splitting the data
 * @param freezeRoles per PostgreSQL source not behind PgBouncer, the roles made read-only (an empty
 *     list: every role with write privileges on its captured tables)
 * @param actions the switch actions, in order
 * @param fullValidation the final gate compares every row of every table under the freeze (a write
 *     pause that grows with the data), not only the rows changed after the precutover position
 * @param fallbackWindow how long after the switch the target's changes are written back into the
 *     sources so that {@code POST /migrations/{id}/fallback} loses nothing; zero: no window
 */
public record CutoverPlan(
    Map<CutoverStep, Duration> timeouts,
    boolean keepSourcesReadOnly,
    Map<String, List<String>> freezeRoles,
    List<CutoverAction> actions,
    boolean fullValidation,
    Duration fallbackWindow) {
  /** The fallback window of a plan that does not give one. */
  public static final Duration DEFAULT_FALLBACK_WINDOW = Duration.ofHours(24);

  /** The shortest window a plan may give. */
  public static final Duration MIN_FALLBACK_WINDOW = Duration.ofMinutes(10);

  /** The longest window a plan may give. */
  public static final Duration MAX_FALLBACK_WINDOW = Duration.ofDays(30);

  /** A plan with the default fallback window. */
  public CutoverPlan(
      Map<CutoverStep, Duration> timeouts,
      boolean keepSourcesReadOnly,
      Map<String, List<String>> freezeRoles,
      List<CutoverAction> actions,
      boolean fullValidation) {
    this(
        timeouts,
        keepSourcesReadOnly,
        freezeRoles,
        actions,
        fullValidation,
        keepSourcesReadOnly ? DEFAULT_FALLBACK_WINDOW : Duration.ZERO);
  }

  public CutoverPlan {
    fallbackWindow = fallbackWindow == null ? Duration.ZERO : fallbackWindow;
    Map<CutoverStep, Duration> all = new EnumMap<>(CutoverStep.class);
    for (CutoverStep step : CutoverStep.values()) {
      all.put(step, step.defaultTimeout());
    }
    if (timeouts != null) {
      all.putAll(timeouts);
    }
    timeouts = Collections.unmodifiableMap(all);
    freezeRoles = freezeRoles == null ? Map.of() : Map.copyOf(freezeRoles);
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  /** No cutover section: default timeouts, sources kept read-only, no switch actions. */
  public static CutoverPlan defaults() {
    return new CutoverPlan(null, true, null, null, false, DEFAULT_FALLBACK_WINDOW);
  }

  /** True when the target's changes go back to the sources for a while after the switch. */
  public boolean fallback() {
    return !fallbackWindow.isZero();
  }

  public Duration timeout(CutoverStep step) {
    return timeouts.get(step);
  }

  /** The PgBouncer action of a source, if its applications connect through one. */
  public Optional<CutoverAction.PgBouncer> pgBouncer(String source) {
    return actions.stream()
        .filter(CutoverAction.PgBouncer.class::isInstance)
        .map(CutoverAction.PgBouncer.class::cast)
        .filter(a -> a.source().equals(source))
        .findFirst();
  }
}
