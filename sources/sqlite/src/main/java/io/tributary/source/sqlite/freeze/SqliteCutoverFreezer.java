package io.tributary.source.sqlite.freeze;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import io.tributary.source.spi.freeze.KindFreezer;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The freeze of SQLite sources: the write lock, then read-only triggers whose error says the
 * database moved ({@link SqliteSourceFreezer}).
 */
public class SqliteCutoverFreezer implements KindFreezer {
  private final SqliteTriggerFreeze triggers = new SqliteTriggerFreeze();

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
    SqliteSourceFreezer.Frozen f =
        triggers.freeze(
            Path.of(source.location()), source, intent, source.tables(), message, timeout);
    return SqliteTriggerFreeze.outcome(
        intent,
        source,
        f,
        f.tables().size()
            + " tables"
            + (f.indexes().isEmpty()
                ? ""
                : ", " + f.indexes().size() + " vec0 chunk columns closed to in-place writes"));
  }

  /**
   * The file and its directory writable by this process (the triggers are written into the file,
   * the write lock needs its journal), and every captured table in it. Reads only.
   */
  @Override
  public List<CutoverCheck> check(CutoverSource source, CutoverPlan plan, Duration timeout) {
    Path file = Path.of(source.location());
    if (!Files.isRegularFile(file)) {
      return List.of(CutoverCheck.failed("freeze", source.name(), file + " does not exist"));
    }
    List<String> problems = SqliteTriggerFreeze.writeProblems(file);
    List<String> missing = new ArrayList<>(source.tables());
    try (Connection c = SqliteConnections.openReadOnly(file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rs.next()) {
        missing.remove(rs.getString(1));
      }
    } catch (SQLException e) {
      problems.add("cannot read it: " + e.getMessage());
      missing.clear();
    }
    if (!missing.isEmpty()) {
      problems.add("tables " + missing + " are gone (their triggers could not be made)");
    }
    return SqliteTriggerFreeze.check(
        source,
        problems,
        file + ": writable; read-only triggers on " + source.tables().size() + " tables");
  }

  @Override
  public String unfreeze(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    List<String> dropped =
        triggers.unfreeze(Path.of(source.location()), source, frozen, source.tables(), timeout);
    return source.name() + ": " + dropped.size() + " read-only triggers and indexes removed";
  }
}
