package io.tributary.validator;

import java.util.List;

/**
 * What a deep or final validation of one table compared and found (null in continuous results).
 *
 * @param requestId the validation request ({@code tributary.validation_requests.id})
 * @param validationId the stored result ({@code tributary.validations.id}), null until stored
 * @param comparedRows source rows compared (rows apply rejected left out)
 * @param missingRows rows missing from the target
 * @param extraRows rows only in the target
 * @param differingRows rows with different values
 * @param differencesListed differences stored in {@code tributary.validation_differences}
 * @param differencesComplete false when some mismatching ranges were only counted
 * @param passes reads of each side
 * @param durationMs how long the comparison took
 * @param differences the first differences (at most {@code tributary.validator.deep.published});
 *     all listed ones are in the control schema and {@code GET
 *     /migrations/{id}/validation/results/{validationId}/differences}
 */
public record Comparison(
    Long requestId,
    Long validationId,
    long comparedRows,
    long missingRows,
    long extraRows,
    long differingRows,
    int differencesListed,
    boolean differencesComplete,
    int passes,
    long durationMs,
    List<DifferenceView> differences) {

  public Comparison withValidationId(Long id) {
    return new Comparison(
        requestId,
        id,
        comparedRows,
        missingRows,
        extraRows,
        differingRows,
        differencesListed,
        differencesComplete,
        passes,
        durationMs,
        differences);
  }
}
