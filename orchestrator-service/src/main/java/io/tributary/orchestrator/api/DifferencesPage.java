package io.tributary.orchestrator.api;

import io.tributary.common.validation.ValidationDifference;
import java.util.List;

/**
 * A page of the differences a validation result listed.
 *
 * @param validationId the result
 * @param total how many differences the result stored
 * @param listedComplete true when every difference found was stored, false when the validator
 *     stopped listing (the result's counts give the real number); null when not said
 * @param offset the position of the page's first difference
 * @param limit the most differences on a page
 * @param differences the page, by position
 */
public record DifferencesPage(
    long validationId,
    long total,
    Boolean listedComplete,
    int offset,
    int limit,
    List<ValidationDifference> differences) {}
