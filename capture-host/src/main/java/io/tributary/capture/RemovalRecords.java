package io.tributary.capture;

/** Where the control schema records a removed change capture, as {@link CaptureRemoval} does. */
public interface RemovalRecords {

  /** The source's change capture was removed from it. */
  void captureRemoved(String migration, String source);
}
