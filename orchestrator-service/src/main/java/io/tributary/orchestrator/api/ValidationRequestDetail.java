package io.tributary.orchestrator.api;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.orchestrator.validation.ValidationRequest;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One validation request (the fields of {@link ValidationRequest}) with its per-table results.
 *
 * @param results one result per table validated so far, by source and table
 */
public record ValidationRequestDetail(
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
    String error,
    List<ValidationResult> results) {

  static ValidationRequestDetail of(ValidationRequest request, List<ValidationResult> results) {
    return new ValidationRequestDetail(
        request.id(),
        request.mode(),
        request.source(),
        request.table(),
        request.requestedBy(),
        request.requestedAt(),
        request.startedAt(),
        request.doneAt(),
        request.status(),
        request.tablesTotal(),
        request.tablesDone(),
        request.error(),
        results);
  }
}
