package io.tributary.orchestrator.state;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import java.time.OffsetDateTime;

/**
 * The newest row of {@code tributary.validations} for one table (written by validator-service).
 *
 * @param status the validator's verdict
 * @param at when it validated
 * @param mode continuous, deep or final
 * @param sourceChecksum the source side's checksum, null for count-only modes
 * @param targetChecksum the target side's checksum, null for count-only modes
 * @param detail what differed, if anything
 */
public record LatestValidation(
    ValidationStatus status,
    OffsetDateTime at,
    ValidationMode mode,
    String sourceChecksum,
    String targetChecksum,
    String detail) {}
