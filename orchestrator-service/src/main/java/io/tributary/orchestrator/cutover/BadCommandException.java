package io.tributary.orchestrator.cutover;

/** An operator's command that cannot be taken as given (the message names the field and why). */
public class BadCommandException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public BadCommandException(String message) {
    super(message);
  }

  /**
   * The reason of a command, which the audit log stores as text: PostgreSQL text holds no NUL.
   *
   * @throws BadCommandException when it holds one
   */
  static String reason(String reason) {
    if (reason != null && reason.indexOf('\0') >= 0) {
      throw new BadCommandException(
          "reason holds a NUL character (\\u0000), which the audit log cannot store: remove it");
    }
    return reason;
  }
}
