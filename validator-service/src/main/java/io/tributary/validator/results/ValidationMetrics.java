package io.tributary.validator.results;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.common.validation.ValidationResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts the validator's results: {@code
 * tributary_validation_results_total{migration,source,table,mode,status}} (continuous, deep and
 * final validations of each table and what they found). The latest status of each table is the
 * orchestrator's {@code tributary_table_validation} gauge.
 */
@ApplicationScoped
public class ValidationMetrics {
  static final String RESULTS = "tributary.validation.results";

  private final MeterRegistry registry;

  public ValidationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One table's result, recorded. */
  public void recorded(ValidationResult result) {
    Counter.builder(RESULTS)
        .description("Validation results of a table, by mode and status")
        .tag("migration", result.migration())
        .tag("source", String.valueOf(result.source()))
        .tag("table", String.valueOf(result.table()))
        .tag("mode", result.mode().wire())
        .tag("status", result.status().name())
        .register(registry)
        .increment();
  }
}
