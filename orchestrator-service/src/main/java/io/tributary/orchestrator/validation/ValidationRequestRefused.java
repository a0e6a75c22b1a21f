package io.tributary.orchestrator.validation;

/** A validation request that names something the migration does not have (answered with 400). */
public class ValidationRequestRefused extends RuntimeException {
  public ValidationRequestRefused(String message) {
    super(message);
  }
}
