package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.SourceKindRegistry;
import io.tributary.orchestrator.freeze.PgBouncerConsoles;
import io.tributary.orchestrator.freeze.PostgresRoleFreezer;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FreezeContext;
import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import io.tributary.source.spi.freeze.KindFreezer;
import io.tributary.source.spi.freeze.SourceFreezeException;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * Stops and restarts the applications' writes on one source, the way its kind and the plan allow,
 * through the {@link KindFreezer} of its kind (the kind registry of the cutover's freeze):
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
  private final SourceKindRegistry<KindFreezer> registry;

  @Inject
  public SourceFreezer(Vertx vertx) {
    this(
        SourceKinds.load()
            .offering(
                kind ->
                    kind.freezer(
                        new FreezeContext(
                            new PgBouncerConsoles(vertx), new PostgresRoleFreezer()))));
  }

  /**
   * @param freezers one per kind
   * @throws IllegalStateException when two freeze the same kind
   */
  public SourceFreezer(List<KindFreezer> freezers) {
    this.registry = new SourceKindRegistry<>("freeze", freezers, KindFreezer::kind);
  }

  /** What the freeze of {@code source} will do (recorded before it acts). */
  public FrozenSource intent(CutoverSource source, CutoverPlan plan) {
    return of(source).intent(source, plan);
  }

  /**
   * Exactly what the freeze of {@code source} will touch, looked up now ({@link
   * KindFreezer#resolve}).
   */
  public FrozenSource resolve(
      CutoverSource source, FrozenSource intent, CutoverPlan plan, Duration timeout) {
    return of(source).resolve(source, intent, plan, timeout);
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
    return of(source).freeze(source, intent, plan, message, timeout);
  }

  /** Whether the freeze of {@code source} could run now; nothing is frozen. */
  public List<CutoverCheck> check(CutoverSource source, CutoverPlan plan, Duration timeout) {
    return of(source).check(source, plan, timeout);
  }

  /** Undoes a freeze (idempotent); a description of what was undone. */
  public String unfreeze(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    return of(source).unfreeze(source, frozen, plan, timeout);
  }

  /** What the kind lifts before a fallback's switch back ({@link KindFreezer#beforeSwitchBack}). */
  public String beforeSwitchBack(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    return of(source).beforeSwitchBack(source, frozen, plan, timeout);
  }

  private KindFreezer of(CutoverSource source) {
    return registry
        .find(source.kind())
        .orElseThrow(
            () ->
                new SourceFreezeException(
                    "source '"
                        + source.name()
                        + "' is of kind "
                        + (source.kind() == null ? "unknown" : source.kind().planName())
                        + ", which this version cannot freeze for a cutover"));
  }
}
