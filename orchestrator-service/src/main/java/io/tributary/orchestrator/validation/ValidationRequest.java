package io.tributary.orchestrator.validation;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import java.time.OffsetDateTime;

/**
 * A row of {@code tributary.validation_requests}: a deep or final validation asked for, and how far
 * validator-service has carried it out.
 *
 * @param id the request
 * @param mode {@code deep} or {@code final}
 * @param source the one source validated, null for all
 * @param table the one source table validated, null for all
 * @param requestedBy who asked (the operator's name for the operator API)
 * @param requestedAt when it was asked
 * @param startedAt when the validator took it up (null: waiting)
 * @param doneAt when the validator finished (null: waiting or running)
 * @param status the worst verdict over its tables ({@code MATCH}, {@code MISMATCH}, {@code
 *     PENDING}, {@code ERROR}); null until done
 * @param tablesTotal the tables it validates, once started
 * @param tablesDone the tables validated so far
 * @param error why it could not be carried out
 */
public record ValidationRequest(
    long id,
    ValidationMode mode,
    String source,
    String table,
    String requestedBy,
    OffsetDateTime requestedAt,
    OffsetDateTime startedAt,
    OffsetDateTime doneAt,
    ValidationStatus status,
    Integer tablesTotal,
    Integer tablesDone,
    String error) {}
