package io.tributary.cdc.apply;

import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes a batch on the writer thread, trying again with backoff on failures that are not about a
 * row (those are rejected inside the batch). Never touches the consumer.
 */
final class BatchRetries {
  private static final Logger LOG = Logger.getLogger(BatchRetries.class);

  private final ApplyConfig config;
  private final BatchWriter writer;
  private final ApplyErrors errors;
  private final ApplyHealth health;

  BatchRetries(ApplyConfig config, BatchWriter writer, ApplyErrors errors, ApplyHealth health) {
    this.config = config;
    this.writer = writer;
    this.errors = errors;
    this.health = health;
  }

  WriteResult write(DecodedBatch batch) {
    long backoff = config.retryBackoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        BatchWriter.Written written = writer.write(batch);
        health.healthy();
        if (written.outcome() == BatchWriter.Outcome.STALE) {
          return WriteResult.FAILED;
        }
        errors.committed(batch.topics());
        return new WriteResult(true, written.rejects(), written.written(), written.copied());
      } catch (RuntimeException e) {
        health.error(e.getMessage());
        if (attempt >= config.retryAttempts()) {
          health.unhealthy();
          LOG.errorf(
              "Failed to apply a batch of %d records after %d attempts: %s; rewinding to the stored offsets",
              batch.count(), attempt, e.getMessage());
          errors.failing(
              batch.topics(),
              e.getMessage() + " (" + attempt + " attempts; apply tries again from its position)");
          return WriteResult.FAILED;
        }
        LOG.warnf(
            "Failed to apply a batch of %d records (attempt %d of %d): %s; retrying in %d ms",
            batch.count(), attempt, config.retryAttempts(), e.getMessage(), backoff);
        try {
          TimeUnit.MILLISECONDS.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt(); // shutting down
          return WriteResult.FAILED;
        }
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }
}
