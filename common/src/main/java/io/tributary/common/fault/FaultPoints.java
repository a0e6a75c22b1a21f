package io.tributary.common.fault;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points where a process can be made to die, for the fault suite (like ghostferry's interrupt
 * points): with {@code TRIBUTARY_FAULT_POINT=<name>} or {@code <name>@<n>} in its environment, a
 * service halts (as SIGKILL would end it: no shutdown hook, nothing flushed) the {@code n}-th time
 * (default: the first) it reaches that point. Unset, {@link #reach} costs one comparison. Never set
 * in production: {@code deploy/} and the services' configuration do not.
 *
 * <p>The points are named {@code <part>.<moment>} and listed in {@code docs/tests.md}: capture
 * ({@code capture.before-publish}, {@code capture.after-publish}), apply ({@code
 * apply.before-commit}, {@code apply.after-commit}).
 */
public final class FaultPoints {
  /** The environment variable naming the point. */
  public static final String ENVIRONMENT = "TRIBUTARY_FAULT_POINT";

  /** The exit status of a halt at a fault point (as a SIGKILL's 128 + 9). */
  public static final int EXIT_STATUS = 137;

  private static final String POINT;
  private static final int AT;
  private static final AtomicInteger REACHED = new AtomicInteger();

  static {
    String spec = System.getenv(ENVIRONMENT);
    if (spec == null || spec.isBlank()) {
      POINT = null;
      AT = 0;
    } else {
      int at = spec.indexOf('@');
      POINT = at < 0 ? spec.strip() : spec.substring(0, at).strip();
      AT = at < 0 ? 1 : Integer.parseInt(spec.substring(at + 1).strip());
    }
  }

  private FaultPoints() {}

  /** Halts the process when {@code point} is the configured one, reached for the n-th time. */
  public static void reach(String point) {
    if (POINT != null && POINT.equals(point) && REACHED.incrementAndGet() == AT) {
      System.err.println("tributary: halting at fault point " + point + " (" + ENVIRONMENT + ")");
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
