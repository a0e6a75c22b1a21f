package io.tributary.connect.bridge;

import io.tributary.capture.connect.ConnectCaptureTask;
import io.tributary.common.plan.SourceKind;
import io.tributary.connect.sqlite.SqliteCaptureInstaller;
import io.tributary.connect.sqlite.SqliteRecordTranslator;
import io.tributary.connect.sqlite.SqliteSourceConnector;
import io.tributary.connect.sqlite.SqliteSourceProperties;
import io.tributary.connect.sqlite.UninstallReport;
import io.tributary.source.spi.capture.CaptureBookkeeping;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.CaptureListener;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The capture of SQLite files as the Kafka Connect task runs it while the SQLite capture still
 * lives in this module rather than in its kind's (issue 45 moves it into sources/sqlite, whose
 * {@code SourceKindModule} then offers it and this bridge is left unused). Only the connector and
 * its source description are set: the task passes on the capture settings set on the connector, and
 * the SQLite connector's defaults apply to the others, as before.
 */
public final class SqliteCaptureBridge implements SourceCapture {
  private final CaptureContext context;

  public SqliteCaptureBridge(CaptureContext context) {
    this.context = context;
  }

  /** The host's task with this bridge: the SQLite capture unless the kind's module offers one. */
  public static final class Task extends ConnectCaptureTask {
    public Task() {
      super(context -> List.of(new SqliteCaptureBridge(context)));
    }
  }

  @Override
  public SourceKind kind() {
    // by its plan name: outside the kinds no code reads a kind's constant (house rules); this
    // bridge is the old connector's "sqlite" check moved, and goes with it
    return SourceKind.fromPlanName("sqlite").orElseThrow();
  }

  @Override
  public EngineSetup prepare(CapturedSource captured, CaptureListener listener) {
    Properties props = new Properties();
    props.setProperty("connector.class", SqliteSourceConnector.class.getName());
    props.putAll(
        SqliteSourceProperties.of(
            captured.migration(),
            captured.source(),
            captured.location(),
            captured.targetSchema(),
            captured.tablesJson(),
            captured.resyncs(),
            captured.streamOnly()));
    return new EngineSetup(
        props,
        new SqliteRecordTranslator(
            context.settings().progressTopic(),
            captured.migration(),
            captured.source(),
            captured.tableDefs(),
            context.partitionsFor(),
            bookkeeping(captured, listener)));
  }

  private CaptureBookkeeping bookkeeping(CapturedSource captured, CaptureListener listener) {
    return new CaptureBookkeeping() {
      @Override
      public long snapshotGeneration() {
        return context.records().snapshotGeneration(captured.migration(), captured.source());
      }

      @Override
      public long nextGeneration() {
        return listener.nextGeneration();
      }

      @Override
      public void snapshotComplete(String table, long rows) {
        context
            .records()
            .markSnapshotComplete(captured.migration(), captured.source(), "main", table, rows);
      }

      @Override
      public void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {
        listener.fencePublished(fence, offsets);
      }
    };
  }

  /** A Connect task installs through its connector's task, when its capture starts. */
  @Override
  public void install(CapturedSource captured) {
    throw new UnsupportedOperationException("a Connect task installs as its capture starts");
  }

  /** A Connect task removes the capture of its ended migration without asking first. */
  @Override
  public boolean isInstalled(SourceState ended) {
    throw new UnsupportedOperationException("a Connect task removes without asking first");
  }

  @Override
  public Uninstalled uninstall(SourceState ended) throws SQLException {
    UninstallReport report = installer(ended.location()).uninstall(ended.id());
    return new Uninstalled(report, report.message());
  }

  @Override
  public String writeFence(CapturedSource captured, String payload) throws SQLException {
    return "change-log " + installer(captured.location()).emitFence(captured.id(), payload);
  }

  @Override
  public String waitingPlace(CapturedSource captured) {
    return "the change log of " + captured.displayLocation();
  }

  private SqliteCaptureInstaller installer(String location) {
    return new SqliteCaptureInstaller(Path.of(location), context.settings().sqliteBusyTimeout());
  }
}
