package io.tributary.validator;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.ValidatedTable;

/** The {@code ERROR} result of a table that could not be compared, saying why. */
public final class ErrorResults {
  private ErrorResults() {}

  /**
   * An {@code ERROR} result of this table, which could not be compared, saying why.
   *
   * @param requestId the deep or final request it answers; null for a continuous result
   */
  public static ValidationResult of(
      ValidatedTable table, ValidationMode mode, Long requestId, String detail) {
    TableDef definition = table.definition();
    return new ValidationResult(
        null,
        requestId,
        table.migration(),
        table.source(),
        table.sourceTable(),
        definition == null ? null : definition.targetSchema(),
        definition == null ? null : definition.targetTable(),
        mode,
        ValidationStatus.ERROR,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        detail,
        ResultTime.now(),
        null,
        null);
  }
}
