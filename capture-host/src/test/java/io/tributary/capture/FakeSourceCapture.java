package io.tributary.capture;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.capture.CaptureListener;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A capture that records what it was asked to do: fences written, sources uninstalled. */
class FakeSourceCapture implements SourceCapture {
  final List<String> fences = new ArrayList<>();
  final List<String> uninstalled = new ArrayList<>();
  SQLException failure;

  @Override
  public SourceKind kind() {
    return SourceKind.SQLITE;
  }

  @Override
  public EngineSetup prepare(CapturedSource source, CaptureListener listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void install(CapturedSource source) {}

  @Override
  public boolean isInstalled(SourceState source) {
    return true;
  }

  @Override
  public Uninstalled uninstall(SourceState source) throws SQLException {
    if (failure != null) {
      throw failure;
    }
    uninstalled.add(source.id());
    return new Uninstalled("report", "2 triggers");
  }

  @Override
  public String writeFence(CapturedSource source, String payload) throws SQLException {
    if (failure != null) {
      throw failure;
    }
    fences.add(payload);
    return "change-log " + fences.size();
  }

  @Override
  public String waitingPlace(CapturedSource source) {
    return "the change log";
  }

  static CapturedSource source() {
    return new CapturedSource(
        "m", "a", SourceKind.SQLITE, "/data/a.db", "a", List.of(), "[]", Map.of(), false);
  }
}
