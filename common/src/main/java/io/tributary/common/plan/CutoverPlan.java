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
 */
public record CutoverPlan(
    Map<CutoverStep, Duration> timeouts,
    boolean keepSourcesReadOnly,
    Map<String, List<String>> freezeRoles,
    List<CutoverAction> actions,
    boolean fullValidation) {
  public CutoverPlan {
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
    return new CutoverPlan(null, true, null, null, false);
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
