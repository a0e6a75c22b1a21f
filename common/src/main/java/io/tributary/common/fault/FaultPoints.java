package io.tributary.common.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points where a process can be made to die, for the fault suite (like ghostferry's interrupt
 * points): with {@code TRIBUTARY_FAULT_POINT=<name>} or {@code <name>@<n>} in its environment, a
 * service halts (as SIGKILL would end it: no shutdown hook, nothing flushed) the {@code n}-th time
 * (default: the first) it reaches that point. Unset, {@link #reach} costs one comparison. Never set
 * in production: {@code deploy/} and the services' configuration do not.
 *
 * <p>With {@code TRIBUTARY_FAULT_PAUSE_DIR=<dir>} as well, the process does not halt there: it
 * writes {@code <dir>/reached} (the point's name) and waits, up to ten minutes, until {@code
 * <dir>/go} exists, so that a test can act on another process (kill the broker, a service, the
 * database) while this one stands still at an exact moment.
 *
 * <p>The points are named {@code <part>.<moment>} and listed in {@code docs/tests.md}: capture
 * ({@code capture.before-publish}, {@code capture.before-row} — counted per row published, not per
 * batch —, {@code capture.after-publish}, {@code capture.after-publish-rows} — the same, counting
 * only batches that published a row —), apply ({@code apply.before-commit}, {@code
 * apply.after-commit}), the validator ({@code validate.<mode>.before-finish}), the cutover's steps
 * ({@code cutover.before-<step>}, {@code cutover.after-<step>}).
 */
public final class FaultPoints {
  /** The environment variable naming the point. */
  public static final String ENVIRONMENT = "TRIBUTARY_FAULT_POINT";

  /** The environment variable naming the directory of a pause (instead of a halt). */
  public static final String PAUSE_DIR = "TRIBUTARY_FAULT_PAUSE_DIR";

  /** The file a paused process writes when it reaches its point. */
  public static final String REACHED_FILE = "reached";

  /** The file that lets a paused process go on. */
  public static final String GO_FILE = "go";

  private static final long PAUSE_LIMIT_MS = 600_000;

  /** The exit status of a halt at a fault point (as a SIGKILL's 128 + 9). */
  public static final int EXIT_STATUS = 137;

  private static final String POINT;
  private static final int AT;
  private static final AtomicInteger REACHED = new AtomicInteger();
  private static final String PAUSE = System.getenv(PAUSE_DIR);

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

  /**
   * Halts the process (or pauses it) when {@code point} is the configured one, reached for the n-th
   * time.
   */
  public static void reach(String point) {
    if (POINT == null || !POINT.equals(point) || REACHED.incrementAndGet() != AT) {
      return;
    }
    if (PAUSE != null && !PAUSE.isBlank()) {
      pause(point, Path.of(PAUSE));
      return;
    }
    System.err.println("tributary: halting at fault point " + point + " (" + ENVIRONMENT + ")");
    System.err.flush();
    Runtime.getRuntime().halt(EXIT_STATUS);
  }

  private static void pause(String point, Path dir) {
    System.err.println("tributary: paused at fault point " + point + " until " + dir + "/go");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(REACHED_FILE), point);
      long deadline = System.currentTimeMillis() + PAUSE_LIMIT_MS;
      while (!Files.exists(dir.resolve(GO_FILE)) && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("fault point " + point + ": cannot pause in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.err.println("tributary: going on from fault point " + point);
  }
}
