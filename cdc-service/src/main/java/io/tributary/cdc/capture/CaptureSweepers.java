package io.tributary.cdc.capture;

import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/**
 * The sweeps that follow each reconciliation of {@link CaptureReconciler}, in this order: the
 * change capture of ended migrations ({@link EndedCaptureSweeper}), requested reject replays
 * ({@link RejectReplaySweeper}), and slot lag and stray slots ({@link SlotLagSweeper}).
 */
@ApplicationScoped
public class CaptureSweepers {
  private final EndedCaptureSweeper ended;
  private final RejectReplaySweeper replays;
  private final SlotLagSweeper slots;

  public CaptureSweepers(
      EndedCaptureSweeper ended, RejectReplaySweeper replays, SlotLagSweeper slots) {
    this.ended = ended;
    this.replays = replays;
    this.slots = slots;
  }

  /** Runs the sweeps once, after the engines were reconciled with the sources read. */
  void sweep(ActiveSources active) {
    ended.sweep();
    replays.sweep();
    slots.sweep(active);
  }

  /** After its engine stopped: removes a source's change capture unless still active. */
  void removeCaptureIfEnded(CapturedSource source) {
    ended.removeCaptureIfEnded(source);
  }

  /** See {@link EndedCaptureSweeper#removeOnRequest}. */
  Object removeOnRequest(SourceState source) throws SQLException {
    return ended.removeOnRequest(source);
  }
}
