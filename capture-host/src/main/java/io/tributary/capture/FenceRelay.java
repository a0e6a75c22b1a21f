package io.tributary.capture;

import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.FenceMarkers;
import io.tributary.source.spi.capture.SourceCapture;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the fences a cutover asks for ({@code tributary.fences}) into their sources' change
 * streams, through each kind's {@link SourceCapture#writeFence}, and records where: the running
 * capture reads a fence back and publishes its markers on every partition of the source's topics.
 */
public final class FenceRelay {
  private static final Logger LOG = LoggerFactory.getLogger(FenceRelay.class);

  private final FenceRecords control;

  public FenceRelay(FenceRecords control) {
    this.control = control;
  }

  /**
   * Writes one fence into its source and records its position.
   *
   * @return where it was written ({@code change-log 42}, {@code LSN 0/1A2B}, ...)
   * @throws SQLException when the source cannot be written now (the caller retries)
   */
  public String write(long fence, CapturedSource source, SourceCapture capture)
      throws SQLException {
    String payload = FenceMarkers.payload(fence, source.migration(), source.source());
    String position = capture.writeFence(source, payload);
    control.fenceWritten(fence, position);
    LOG.info("Fence {} written into {} at {}", fence, source.id(), position);
    return position;
  }

  /**
   * Writes fences asked for of one source, in order; stops at the first that fails.
   *
   * @throws SQLException when the source cannot be written now (the caller retries)
   */
  public void writeAll(List<Long> fences, CapturedSource source, SourceCapture capture)
      throws SQLException {
    for (long fence : fences) {
      write(fence, source, capture);
    }
  }
}
