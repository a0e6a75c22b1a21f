package io.tributary.orchestrator.validation;

/**
 * How many differences a validation result has stored.
 *
 * @param validationId the result
 * @param stored the rows of {@code tributary.validation_differences} it has
 * @param complete true when every difference the validator found is stored, false when it stopped
 *     listing; null when the validator did not say
 */
public record DifferenceCount(long validationId, long stored, Boolean complete) {}
