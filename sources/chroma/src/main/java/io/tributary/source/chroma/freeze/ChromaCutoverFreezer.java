package io.tributary.source.chroma.freeze;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.chroma.capture.ChromaCaptureStatementBuilder;
import io.tributary.source.chroma.store.ChromaStore;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import io.tributary.source.spi.freeze.KindFreezer;
import io.tributary.source.sqlite.freeze.SqliteSourceFreezer;
import io.tributary.source.sqlite.freeze.SqliteTriggerFreeze;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The freeze of Chroma stores: every add, update, upsert and delete of a collection goes through
 * the embeddings queue first, so read-only triggers on the queue in {@code chroma.sqlite3} stop
 * them all ({@link SqliteSourceFreezer}, under the write lock). Chroma's client then fails each
 * write with the triggers' message; reads and queries go on. Creating or deleting whole collections
 * is not stopped (their records are not written meanwhile).
 */
public class ChromaCutoverFreezer implements KindFreezer {
  private static final List<String> FROZEN_TABLES =
      List.of(ChromaCaptureStatementBuilder.QUEUE_TABLE);

  private final SqliteTriggerFreeze triggers = new SqliteTriggerFreeze();

  @Override
  public SourceKind kind() {
    return SourceKind.CHROMA;
  }

  @Override
  public FrozenSource intent(CutoverSource source, CutoverPlan plan) {
    return new FrozenSource(source.name(), FrozenSource.SQLITE_TRIGGERS, null, FROZEN_TABLES);
  }

  @Override
  public FreezeOutcome freeze(
      CutoverSource source,
      FrozenSource intent,
      CutoverPlan plan,
      String message,
      Duration timeout) {
    return SqliteTriggerFreeze.outcome(
        intent,
        source,
        triggers.freeze(database(source), source, intent, FROZEN_TABLES, message, timeout),
        "the embeddings queue of " + source.tables().size() + " collections");
  }

  /** The store's database and its directory writable by this process. Reads only. */
  @Override
  public List<CutoverCheck> check(CutoverSource source, CutoverPlan plan, Duration timeout) {
    Path file = database(source);
    if (!Files.isRegularFile(file)) {
      return List.of(CutoverCheck.failed("freeze", source.name(), file + " does not exist"));
    }
    return SqliteTriggerFreeze.check(
        source,
        SqliteTriggerFreeze.writeProblems(file),
        file + ": writable; read-only triggers on the embeddings queue");
  }

  @Override
  public String unfreeze(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    List<String> dropped =
        triggers.unfreeze(database(source), source, frozen, FROZEN_TABLES, timeout);
    return source.name() + ": " + dropped.size() + " read-only triggers removed";
  }

  private static Path database(CutoverSource source) {
    return ChromaStore.database(Path.of(source.location()));
  }
}
