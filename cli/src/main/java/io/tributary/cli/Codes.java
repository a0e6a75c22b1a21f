package io.tributary.cli;

/** The exit statuses as picocli's help lists them ({@code status:meaning}). */
final class Codes {
  static final String HEADING = "%nExit status:%n";
  static final String OK = "0:done";
  static final String OK_WATCH = "0:done; --watch: the migration ended CUT_OVER or ABANDONED";
  static final String FAILED = "1:the API refused the request (its error is printed)";
  static final String USAGE = "2:bad usage; refused in the migration's state (409)";
  static final String NOT_READY = "3:--check: not ready to cut over";
  static final String UNAVAILABLE = "69:the API cannot be reached or did not answer in time";
  static final String TIMED_OUT = "124:--wait ran out of time (the outcome is not known yet)";

  private Codes() {}
}
