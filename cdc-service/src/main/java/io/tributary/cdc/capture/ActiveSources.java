package io.tributary.cdc.capture;

import io.tributary.source.spi.capture.CapturedSource;
import java.util.List;
import java.util.Map;

/**
 * The sources of migrations in a capturing state ({@link CaptureStates#capturing}), read in one
 * query so a pause and the list of sources to capture never disagree.
 *
 * @param capture the sources capture runs now
 * @param paused sources of paused migrations by id ({@code migration/source}), with their pause
 */
public record ActiveSources(List<CapturedSource> capture, Map<String, PausedSource> paused) {
  /** A source whose migration's capture is paused. */
  public record PausedSource(CapturedSource source, MigrationPause pause) {}
}
