package io.tributary.capture;

import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import java.sql.SQLException;
import java.util.function.BiConsumer;

/**
 * Removes the change capture of a source whose migration ended, through its kind's {@link
 * SourceCapture#uninstall}, and records the removal (an abandoned migration's cleanup waits for
 * it). The caller holds the source's lease, so no runner installs it again meanwhile.
 */
public final class CaptureRemoval {
  private final RemovalRecords control;
  private final BiConsumer<String, String> forgetOffsets;

  /**
   * @param forgetOffsets forgets a source's stored offsets (migration, source) before its removal
   *     is recorded: nothing resumes from them
   */
  public CaptureRemoval(RemovalRecords control, BiConsumer<String, String> forgetOffsets) {
    this.control = control;
    this.forgetOffsets = forgetOffsets;
  }

  /**
   * Removes the source's change capture and records it.
   *
   * @return what was removed, as its kind reports it
   * @throws SQLException when the source cannot be changed now
   */
  public SourceCapture.Uninstalled remove(SourceCapture capture, SourceState source)
      throws SQLException {
    SourceCapture.Uninstalled done = capture.uninstall(source);
    removed(source);
    return done;
  }

  /** Records that the source's change capture is gone, its stored offsets forgotten first. */
  public void removed(SourceState source) {
    forgetOffsets.accept(source.migration(), source.source());
    control.captureRemoved(source.migration(), source.source());
  }
}
