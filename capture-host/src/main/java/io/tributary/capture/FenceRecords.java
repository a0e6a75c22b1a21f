package io.tributary.capture;

/** Where the control schema records the fences written, as {@link FenceRelay} records them. */
public interface FenceRecords {

  /** A fence was written into its source at {@code position}. */
  void fenceWritten(long fence, String position);
}
