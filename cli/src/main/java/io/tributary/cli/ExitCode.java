package io.tributary.cli;

/** The exit statuses of the command line, the same for every command (docs/cli.md). */
public final class ExitCode {
  /** Done; the awaited outcome was reached. */
  public static final int OK = 0;

  /**
   * The API refused the request (400, 401, 403, 404, 422, 5xx), or the awaited outcome is a failure
   * (a validation not MATCH, a cutover not cut over, a migration FAILED, a finalize step failed).
   */
  public static final int FAILED = 1;

  /** Bad usage, or a command the migration's state does not allow now (409). */
  public static final int USAGE = 2;

  /** {@code cutover --check}: the rehearsal found the migration not ready to cut over. */
  public static final int NOT_READY = 3;

  /** The API cannot be reached, or did not answer in time (EX_UNAVAILABLE of sysexits.h). */
  public static final int UNAVAILABLE = 69;

  /** A {@code --wait} ran out of time before the outcome was known (as timeout(1) does). */
  public static final int TIMED_OUT = 124;

  private ExitCode() {}
}
