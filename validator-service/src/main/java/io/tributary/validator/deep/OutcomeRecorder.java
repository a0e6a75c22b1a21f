package io.tributary.validator.deep;

import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.TableKey;
import io.tributary.validator.results.ResultPublisher;
import io.tributary.validator.results.ResultRepository;
import io.tributary.validator.results.ValidationMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records one table's comparison: stored with its differences ({@link ResultRepository}), published
 * on {@code tributary.validation}, counted in the metrics; a problem logged.
 */
@ApplicationScoped
class OutcomeRecorder {
  private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);

  private final ResultRepository comparisons;
  private final ResultPublisher publisher;
  private final ValidationMetrics metrics;

  OutcomeRecorder(
      ResultRepository comparisons, ResultPublisher publisher, ValidationMetrics metrics) {
    this.comparisons = comparisons;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  /** Stores and publishes one table's result; its status. */
  ValidationStatus record(DeepTableValidator.Outcome outcome) {
    ValidationResult result = outcome.result();
    long id =
        comparisons.store(
            result, outcome.diff() == null ? List.of() : outcome.diff().differences());
    result = result.withValidationId(id);
    publisher.publish(result);
    metrics.recorded(result);
    if (result.status().isProblem()) {
      LOG.warnf(
          "%s validation of %s: %s: %s",
          result.mode(), TableKey.of(result), result.status(), result.detail());
    }
    return result.status();
  }
}
