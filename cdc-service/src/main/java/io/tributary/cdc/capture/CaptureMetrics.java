package io.tributary.cdc.capture;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what capture delivered to Kafka since start. */
@ApplicationScoped
public class CaptureMetrics {
  private final AtomicLong published = new AtomicLong();

  void published(long records) {
    published.addAndGet(records);
  }

  /** Change events acknowledged by Kafka since start. */
  public long published() {
    return published.get();
  }
}
