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
import io.tributary.source.spi.freeze.SourceFreezeException;
import io.tributary.source.sqlite.freeze.SqliteSourceFreezer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  private final SqliteSourceFreezer sqlite = new SqliteSourceFreezer();

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
    if (!FrozenSource.SQLITE_TRIGGERS.equals(intent.how())) {
      throw new SourceFreezeException("unknown freeze '" + intent.how() + "'");
    }
    SqliteSourceFreezer.Frozen f =
        sqlite.freeze(database(source), source.targetSchema(), FROZEN_TABLES, message, timeout);
    return new FreezeOutcome(
        intent,
        source.name()
            + ": write lock after "
            + f.lockWaitMs()
            + " ms, read-only triggers on the embeddings queue of "
            + source.tables().size()
            + " collections");
  }

  /** The store's database and its directory writable by this process. Reads only. */
  @Override
  public List<CutoverCheck> check(CutoverSource source, CutoverPlan plan, Duration timeout) {
    Path file = database(source);
    List<String> problems = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return List.of(CutoverCheck.failed("freeze", source.name(), file + " does not exist"));
    }
    if (!Files.isWritable(file)) {
      problems.add(file + " is not writable by the orchestrator's user");
    }
    if (!Files.isWritable(file.getParent())) {
      problems.add(
          "its directory "
              + file.getParent()
              + " is not writable (the write lock needs its journal files)");
    }
    return List.of(
        problems.isEmpty()
            ? CutoverCheck.passed(
                "freeze",
                source.name(),
                file + ": writable; read-only triggers on the embeddings queue")
            : CutoverCheck.failed("freeze", source.name(), String.join("; ", problems)));
  }

  @Override
  public String unfreeze(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    if (!FrozenSource.SQLITE_TRIGGERS.equals(frozen.how())) {
      throw new SourceFreezeException("unknown freeze '" + frozen.how() + "'");
    }
    List<String> dropped =
        sqlite.unfreeze(
            database(source),
            source.targetSchema(),
            frozen.items().isEmpty() ? FROZEN_TABLES : frozen.items(),
            timeout);
    return source.name() + ": " + dropped.size() + " read-only triggers removed";
  }

  private static Path database(CutoverSource source) {
    return ChromaStore.database(Path.of(source.location()));
  }
}
