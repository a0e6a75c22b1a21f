/**
 * Validation results after they are made: stored in {@code tributary.validations} (with a deep or
 * final result's differences in {@code tributary.validation_differences}) and read back ({@link
 * io.tributary.validator.results.ResultRepository}); published on topic {@code
 * tributary.validation} ({@link io.tributary.validator.results.ResultPublisher}); served by {@code
 * GET|POST /validations/{migration}} ({@link io.tributary.validator.api.ValidationResource}). The
 * result's shape is common's {@link io.tributary.common.validation.ValidationResult}.
 */
package io.tributary.validator.results;
