package io.tributary.cdc.apply;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether apply is healthy and its last error, as the apply threads last set them; read by the
 * health check and the status.
 */
final class ApplyHealth {
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile boolean healthy = true;

  /** A batch committed (or a consumer started afresh): healthy again. */
  void healthy() {
    healthy = true;
  }

  /** Apply cannot go on now: unhealthy until a batch commits again. */
  void unhealthy() {
    healthy = false;
  }

  /** Records the last error. */
  void error(String message) {
    lastError.set(message);
  }

  boolean isHealthy() {
    return healthy;
  }

  String lastError() {
    return lastError.get();
  }
}
