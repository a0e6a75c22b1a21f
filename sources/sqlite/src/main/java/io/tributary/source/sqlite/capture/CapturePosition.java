package io.tributary.source.sqlite.capture;

/**
 * Where a change-log capture stands, shared by its snapshot and stream readers: the offset of what
 * it handed out last, and the change-log position of the last record it emitted (the offset may be
 * past it when the last entries were for tables this capture does not read).
 */
final class CapturePosition {
  private CaptureOffset offset;
  private long lastEmitted;

  CapturePosition(CaptureOffset offset) {
    this.offset = offset;
    this.lastEmitted = offset.logPosition();
  }

  CaptureOffset offset() {
    return offset;
  }

  void moveTo(CaptureOffset next) {
    offset = next;
  }

  long lastEmitted() {
    return lastEmitted;
  }

  void emittedUpTo(long position) {
    lastEmitted = position;
  }

  /** The log position for messages. */
  String describe() {
    return Long.toString(offset.logPosition());
  }
}
