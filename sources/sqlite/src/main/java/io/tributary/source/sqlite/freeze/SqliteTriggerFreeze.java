package io.tributary.source.sqlite.freeze;

import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import io.tributary.source.spi.freeze.SourceFreezeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A freeze by read-only triggers ({@link FrozenSource#SQLITE_TRIGGERS}) of the tables of one SQLite
 * file, as the kinds whose sources are SQLite files (SQLite, Chroma) carry it out and check it: the
 * freeze and unfreeze ({@link SqliteSourceFreezer}) and what this process needs of the file.
 */
public final class SqliteTriggerFreeze {
  private final SqliteSourceFreezer sqlite = new SqliteSourceFreezer();

  /**
   * Takes the write lock of {@code file} and makes {@code tables} read-only.
   *
   * @throws SourceFreezeException when {@code intent} is not a freeze by read-only triggers
   */
  public SqliteSourceFreezer.Frozen freeze(
      Path file,
      CutoverSource source,
      FrozenSource intent,
      List<String> tables,
      String message,
      Duration timeout) {
    requireTriggers(intent);
    return sqlite.freeze(file, source.targetSchema(), tables, message, timeout);
  }

  /**
   * What a freeze did, for the cutover's log: {@code "name: write lock after N ms, held M ms,
   * read-only triggers on <onWhat>"} (the applications' commits waited at most N + M ms on it).
   */
  public static FreezeOutcome outcome(
      FrozenSource intent, CutoverSource source, SqliteSourceFreezer.Frozen frozen, String onWhat) {
    return new FreezeOutcome(
        intent,
        source.name()
            + ": write lock after "
            + frozen.lockWaitMs()
            + " ms, held "
            + frozen.lockHeldMs()
            + " ms, read-only triggers on "
            + onWhat);
  }

  /**
   * Removes the read-only triggers the freeze recorded in {@code frozen}, or those of {@code
   * tables} when it recorded none.
   *
   * @return what was removed
   * @throws SourceFreezeException when {@code frozen} is not a freeze by read-only triggers
   */
  public List<String> unfreeze(
      Path file, CutoverSource source, FrozenSource frozen, List<String> tables, Duration timeout) {
    requireTriggers(frozen);
    return sqlite.unfreeze(
        file, source.targetSchema(), frozen.items().isEmpty() ? tables : frozen.items(), timeout);
  }

  /**
   * What keeps this process from freezing the existing {@code file}: the file or its directory not
   * writable (the triggers are written into the file, the write lock needs its journal files). A
   * new list, the caller's to add its own problems to.
   */
  public static List<String> writeProblems(Path file) {
    List<String> problems = new ArrayList<>();
    if (!Files.isWritable(file)) {
      problems.add(file + " is not writable by the orchestrator's user");
    }
    if (file.getParent() != null && !Files.isWritable(file.getParent())) {
      problems.add(
          "its directory "
              + file.getParent()
              + " is not writable (the write lock needs its journal files)");
    }
    return problems;
  }

  /** The {@code freeze} check of {@code source}: passed with {@code passed} unless problems. */
  public static List<CutoverCheck> check(
      CutoverSource source, List<String> problems, String passed) {
    return List.of(
        problems.isEmpty()
            ? CutoverCheck.passed("freeze", source.name(), passed)
            : CutoverCheck.failed("freeze", source.name(), String.join("; ", problems)));
  }

  private static void requireTriggers(FrozenSource frozen) {
    if (!FrozenSource.SQLITE_TRIGGERS.equals(frozen.how())) {
      throw new SourceFreezeException("unknown freeze '" + frozen.how() + "'");
    }
  }
}
