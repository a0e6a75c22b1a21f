package io.tributary.orchestrator.validation;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import java.time.OffsetDateTime;

/**
 * A row of {@code tributary.validations} (written by validator-service) with where its table goes.
 *
 * @param validationId the result
 * @param requestId the deep or final request it answers, null for continuous results
 * @param source the plan's source name
 * @param table the source table
 * @param targetSchema the target schema
 * @param targetTable the target table
 * @param mode {@code continuous}, {@code deep} or {@code final}
 * @param status {@code MATCH}, {@code MISMATCH}, {@code PENDING}, {@code ERROR}, ...
 * @param sourceRows rows in the source
 * @param targetRows rows in the target
 * @param rejectedRows rows apply could not write
 * @param comparedRows rows compared by key and value (deep and final)
 * @param missingRows source rows absent from the target
 * @param extraRows target rows absent from the source
 * @param differingRows rows present on both sides with different values
 * @param differencesListed how many differences were stored ({@code GET .../differences})
 * @param differencesComplete true when every difference was stored, false when the list was cut
 * @param durationMs how long the table's validation took
 * @param detail what differed or failed, in words
 * @param at when it was validated
 */
public record ValidationResult(
    long validationId,
    Long requestId,
    String source,
    String table,
    String targetSchema,
    String targetTable,
    ValidationMode mode,
    ValidationStatus status,
    Long sourceRows,
    Long targetRows,
    Long rejectedRows,
    Long comparedRows,
    Long missingRows,
    Long extraRows,
    Long differingRows,
    Integer differencesListed,
    Boolean differencesComplete,
    Long durationMs,
    String detail,
    OffsetDateTime at) {}
