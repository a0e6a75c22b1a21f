package io.tributary.source.chroma.capture;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.chroma.store.ChromaStore;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.CaptureListener;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import io.tributary.source.sqlite.capture.ChangeLogTranslators;
import io.tributary.source.sqlite.capture.SqliteCaptureInstaller;
import io.tributary.source.sqlite.capture.SqliteConnectorProperties;
import io.tributary.source.sqlite.capture.SqliteFenceLog;
import io.tributary.source.sqlite.capture.UninstallReport;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Capture of Chroma stores: triggers on the store's embeddings queue feed the same change log a
 * SQLite file's capture uses ({@link ChromaCaptureStatementBuilder}), read by Tributary's Chroma
 * connector ({@link ChromaSourceConnector}); fences are entries of that change log.
 */
public class ChromaSourceCapture implements SourceCapture {
  private final CaptureContext context;

  public ChromaSourceCapture(CaptureContext context) {
    this.context = context;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.CHROMA;
  }

  @Override
  public EngineSetup prepare(CapturedSource source, CaptureListener listener) {
    return new EngineSetup(properties(source), ChangeLogTranslators.of(context, source, listener));
  }

  private Properties properties(CapturedSource source) {
    Properties props = SqliteConnectorProperties.of(source, context.settings());
    props.setProperty("connector.class", ChromaSourceConnector.class.getName());
    return props;
  }

  @Override
  public void install(CapturedSource source) throws SQLException {
    installer(source.location()).install(source.id(), source.tableDefs());
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
        + new SqliteFenceLog(
                ChromaStore.database(Path.of(source.location())),
                context.settings().sqliteBusyTimeout())
            .emitFence(source.id(), payload);
  }

  @Override
  public String waitingPlace(CapturedSource source) {
    return "the embeddings queue and change log of " + source.displayLocation();
  }

  @Override
  public String busyHint() {
    return " (is Chroma holding a long write lock? try again)";
  }

  private SqliteCaptureInstaller installer(String location) {
    return new SqliteCaptureInstaller(
        ChromaStore.database(Path.of(location)),
        context.settings().sqliteBusyTimeout(),
        (connection, tables) -> ChromaCaptureStatementBuilder.triggers());
  }
}
