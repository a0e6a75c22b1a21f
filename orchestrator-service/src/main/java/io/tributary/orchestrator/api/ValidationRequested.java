package io.tributary.orchestrator.api;

import io.tributary.common.validation.ValidationMode;
import io.tributary.orchestrator.validation.ValidationRequest;

/**
 * A recorded validation request; validator-service takes it up.
 *
 * @param requestId the request ({@code GET /migrations/{id}/validation/requests/{requestId}})
 * @param migration the migration
 * @param mode {@code deep} or {@code final}
 * @param source the one source validated (the table's source when only a table was given), null for
 *     all
 * @param table the one source table validated, null for all
 * @param status always {@code requested}
 */
public record ValidationRequested(
    long requestId,
    String migration,
    ValidationMode mode,
    String source,
    String table,
    String status) {

  static ValidationRequested of(String migration, ValidationRequest request) {
    return new ValidationRequested(
        request.id(), migration, request.mode(), request.source(), request.table(), "requested");
  }
}
