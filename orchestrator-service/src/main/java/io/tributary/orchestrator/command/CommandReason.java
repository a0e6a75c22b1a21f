package io.tributary.orchestrator.command;

import io.tributary.orchestrator.state.CommandRefused;

/**
 * The reason an operator gives with a command (cutover, rollback, pause, resume, fallback, finish,
 * abandon; over REST or {@code tributary.commands}) as the audit log stores it and {@code /live}
 * sends it to every viewer: text without NUL, at most {@value #MAX_LENGTH} characters. A longer one
 * is refused (400) rather than cut, so that what the log says is what the operator wrote.
 */
public final class CommandReason {
  /** The longest reason taken, in characters. */
  public static final int MAX_LENGTH = 1_000;

  private CommandReason() {}

  /**
   * {@code reason} as given (null stays null).
   *
   * @throws CommandRefused (400) when it is longer than {@value #MAX_LENGTH} characters or holds a
   *     NUL, saying which
   */
  public static String storable(String reason) {
    if (reason == null) {
      return null;
    }
    if (reason.length() > MAX_LENGTH) {
      throw CommandRefused.badInput(
          "reason is "
              + reason.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are taken (the audit log keeps it and the live view sends it to every viewer):"
              + " shorten it");
    }
    if (reason.indexOf('\0') >= 0) {
      throw CommandRefused.badInput(
          "reason holds a NUL character (\\u0000), which the audit log cannot store: remove it");
    }
    return reason;
  }
}
