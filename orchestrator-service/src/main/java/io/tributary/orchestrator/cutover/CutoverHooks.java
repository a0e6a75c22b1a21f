package io.tributary.orchestrator.cutover;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Named points of a cutover where a test acts at an exact moment instead of racing the cutover's
 * thread (as ghostferry's interrupt points): the cutover calls the hook registered for a point, on
 * its own thread, and goes on when it returns. Nothing is registered outside tests.
 */
@ApplicationScoped
public class CutoverHooks {
  /** Where a cutover calls its hooks. */
  public enum Point {
    /** Prepared (the position P verified), nothing frozen yet. */
    PREPARED,
    /** One source frozen (its freeze recorded), the next ones not yet. */
    SOURCE_FROZEN,
    /** Finalized under the freeze (foreign keys added), the switch not begun. */
    FINALIZED
  }

  private final Map<Point, Consumer<String>> hooks = new ConcurrentHashMap<>();

  /** Calls {@code hook} with the migration's id each time a cutover reaches the point. */
  public void at(Point point, Consumer<String> hook) {
    hooks.put(point, hook);
  }

  /** Removes the point's hook. */
  public void clear(Point point) {
    hooks.remove(point);
  }

  void reached(Point point, String migration) {
    Consumer<String> hook = hooks.get(point);
    if (hook != null) {
      hook.accept(migration);
    }
  }
}
