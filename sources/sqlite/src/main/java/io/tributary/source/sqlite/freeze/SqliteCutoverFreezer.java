package io.tributary.source.sqlite.freeze;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import io.tributary.source.spi.freeze.KindFreezer;
import io.tributary.source.spi.freeze.SourceFreezeException;
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
        sqlite.freeze(
            Path.of(source.location()), source.targetSchema(), source.tables(), message, timeout);
    return new FreezeOutcome(
        intent,
        source.name()
            + ": write lock after "
            + f.lockWaitMs()
            + " ms, read-only triggers on "
            + f.tables().size()
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
    List<String> problems = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return List.of(CutoverCheck.failed("freeze", source.name(), file + " does not exist"));
    }
    if (!Files.isWritable(file)) {
      problems.add(file + " is not writable by the orchestrator's user");
    }
    if (file.getParent() != null && !Files.isWritable(file.getParent())) {
      problems.add(
          "its directory "
              + file.getParent()
              + " is not writable (the write lock needs its journal files)");
    }
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
    return List.of(
        problems.isEmpty()
            ? CutoverCheck.passed(
                "freeze",
                source.name(),
                file + ": writable; read-only triggers on " + source.tables().size() + " tables")
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
            Path.of(source.location()),
            source.targetSchema(),
            frozen.items().isEmpty() ? source.tables() : frozen.items(),
            timeout);
    return source.name() + ": " + dropped.size() + " read-only triggers and indexes removed";
  }
}
