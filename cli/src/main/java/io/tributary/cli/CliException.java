package io.tributary.cli;

/**
 * Ends a command with an exit status and one message for the operator (printed after {@code
 * tributary: }, never with a stack trace).
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** The exit status the command ends with ({@link ExitCode}). */
  public int exitCode() {
    return exitCode;
  }

  static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }
}
