package io.tributary.validator.continuous;

/**
 * Whether a source read and a target read of a table hold the same changes: {@code ALIGNED} when
 * they do (a difference between them is real), {@code IN_FLIGHT} when changes are known to be on
 * their way between them, {@code UNKNOWN} when the positions could not be told (then only the
 * settle time can tell lag from loss). Decided by {@link AlignmentDecider}.
 *
 * @param state the state
 * @param position the source position both sides hold, when aligned
 * @param reason why they are not aligned, null when they are
 */
record Alignment(State state, Long position, String reason) {

  /** The states. */
  public enum State {
    ALIGNED,
    IN_FLIGHT,
    UNKNOWN
  }

  static Alignment aligned(long position) {
    return new Alignment(State.ALIGNED, position, null);
  }

  static Alignment inFlight(String reason) {
    return new Alignment(State.IN_FLIGHT, null, reason);
  }

  static Alignment unknown(String reason) {
    return new Alignment(State.UNKNOWN, null, reason);
  }

  public boolean isAligned() {
    return state == State.ALIGNED;
  }
}
