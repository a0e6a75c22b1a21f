package io.tributary.orchestrator.freeze.sqlite;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.SourceKind;
import io.tributary.orchestrator.cutover.CutoverSource;
import io.tributary.orchestrator.cutover.FrozenSource;
import io.tributary.orchestrator.cutover.KindFreezer;
import io.tributary.orchestrator.cutover.SourceFreezer.FreezeOutcome;
import io.tributary.orchestrator.freeze.SourceFreezeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The freeze of SQLite sources: the write lock, then read-only triggers whose error says the
 * database moved ({@link SqliteSourceFreezer}).
 */
@ApplicationScoped
public class SqliteCutoverFreezer implements KindFreezer {
  private final SqliteSourceFreezer sqlite = new SqliteSourceFreezer();

  @Override
  public SourceKind kind() {
    return SourceKind.SQLITE;
  }

  @Override
  public FrozenSource intent(CutoverSource source, CutoverPlan plan) {
    return new FrozenSource(source.name(), FrozenSource.SQLITE_TRIGGERS, null, source.tables());
  }

  @Override
  public FreezeOutcome freeze(
      CutoverSource source,
      FrozenSource intent,
      CutoverPlan plan,
      String message,
      Duration timeout) {
    if (!FrozenSource.SQLITE_TRIGGERS.equals(intent.how())) {
      throw new SourceFreezeException("unknown freeze '" + intent.how() + "'");
    }
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

  @Override
  public String unfreeze(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    if (!FrozenSource.SQLITE_TRIGGERS.equals(frozen.how())) {
      throw new SourceFreezeException("unknown freeze '" + frozen.how() + "'");
    }
    List<String> dropped = sqlite.unfreeze(Path.of(source.location()), timeout);
    return source.name() + ": " + dropped.size() + " read-only triggers removed";
  }
}
