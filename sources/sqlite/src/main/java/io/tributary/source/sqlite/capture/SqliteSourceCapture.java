package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.CaptureListener;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.OpenReject;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture of SQLite files: a change log and triggers installed in the file ({@link
 * SqliteCaptureInstaller}, installed by the connector's task before its snapshot), read by
 * Tributary's own connector ({@link SqliteSourceConnector}); fences and replayed rejects are
 * entries of the change log.
 */
public class SqliteSourceCapture implements SourceCapture {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteSourceCapture.class);

  private final CaptureContext context;

  public SqliteSourceCapture(CaptureContext context) {
    this.context = context;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.SQLITE;
  }

  @Override
  public EngineSetup prepare(CapturedSource source, CaptureListener listener) {
    return new EngineSetup(properties(source), ChangeLogTranslators.of(context, source, listener));
  }

  private Properties properties(CapturedSource source) {
    return SqliteConnectorProperties.of(source, context.settings());
  }

  @Override
  public void install(CapturedSource source) throws SQLException {
    // a fallback's: the sources are frozen and the target holds every row, no snapshot follows
    installer(source.location()).install(source.id(), source.tableDefs(), true);
  }

  @Override
  public boolean isInstalled(SourceState source) throws SQLException {
    return installer(source.location()).isRegistered(source.id());
  }

  @Override
  public Uninstalled uninstall(SourceState source) throws SQLException {
    UninstallReport report = installer(source.location()).uninstall(source.id());
    return new Uninstalled(report, report.message());
  }

  @Override
  public String writeFence(CapturedSource source, String payload) throws SQLException {
    return "change-log "
        + new SqliteFenceLog(Path.of(source.location()), context.settings().sqliteBusyTimeout())
            .emitFence(source.id(), payload);
  }

  @Override
  public boolean replaysRejects() {
    return true;
  }

  /**
   * The rows of the rejects go back into the file's change log, so capture reads each as it is now
   * and apply writes it through the current catalog (a row that fails again is rejected again). A
   * row deleted since is not in the file and needs no replay.
   */
  @Override
  public Replayed replay(CapturedSource source, long request, List<OpenReject> open)
      throws SQLException {
    Map<String, TableDef> tables = new HashMap<>();
    source.tableDefs().forEach(t -> tables.put(t.sourceTable(), t));
    Map<String, List<OpenReject>> byTable = new TreeMap<>();
    for (OpenReject reject : open) {
      byTable.computeIfAbsent(reject.table(), t -> new ArrayList<>()).add(reject);
    }
    List<Long> replayed = new ArrayList<>();
    long skipped = 0;
    SqliteRowRefresher refresher =
        new SqliteRowRefresher(Path.of(source.location()), context.settings().sqliteBusyTimeout());
    for (Map.Entry<String, List<OpenReject>> entry : byTable.entrySet()) {
      TableDef table = tables.get(entry.getKey());
      if (table != null && table.wholeRow()) {
        // no key finds the row again: the same values may be there several times, or gone
        skipped += entry.getValue().size();
        LOG.info(
            "Replay {} of {}: {} rejects of {} left open: a table identified by its whole rows"
                + " cannot be replayed (fix the target, then re-snapshot the table)",
            request,
            source.id(),
            entry.getValue().size(),
            entry.getKey());
        continue;
      }
      List<OpenReject> rejects = new ArrayList<>();
      for (OpenReject reject : entry.getValue()) {
        if (table == null || reject.rowKey() == null) {
          skipped++;
        } else {
          rejects.add(reject);
        }
      }
      if (rejects.isEmpty()) {
        continue;
      }
      SqliteRowRefresher.RefreshResult result =
          refresher.refreshRecordKeys(table, rejects.stream().map(OpenReject::rowKey).toList());
      skipped += result.unreadable();
      rejects.forEach(r -> replayed.add(r.id()));
      LOG.info(
          "Replay {} of {}: {} rows of {} put back into the change log ({} no longer exist)",
          request,
          source.id(),
          result.logged(),
          table.sourceTable(),
          rejects.size() - result.unreadable() - result.logged());
    }
    return new Replayed(replayed, skipped);
  }

  @Override
  public String waitingPlace(CapturedSource source) {
    return "the change log of " + source.displayLocation();
  }

  @Override
  public String busyHint() {
    return " (is the application holding a long write lock? try again)";
  }

  private SqliteCaptureInstaller installer(String location) {
    return new SqliteCaptureInstaller(Path.of(location), context.settings().sqliteBusyTimeout());
  }
}
