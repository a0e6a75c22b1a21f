package io.tributary.common.validation;

import java.util.List;

/**
 * What a deep or final validation of one table compared and found (null in continuous results).
 *
 * <pre>{@code
 * "comparison": {
 *   "comparedRows": 99998,                  // source rows compared (rejected rows left out)
 *   "missingRows": 1, "extraRows": 0, "differingRows": 1,
 *   "differencesListed": 2,                 // differences stored (at most max-listed)
 *   "differencesComplete": true,            // false: some ranges were only counted
 *   "passes": 3, "durationMs": 5120,
 *   "sourceLockMs": 14,                     // longest hold of a SQLite rollback-journal lock
 *   "differences": [                        // on the topic: the first ones
 *     {"position": 1, "kind": "missing", "key": {"id": 8}, "columns": null,
 *      "sourceValues": {"id": 8, "name": "x"}, "targetValues": null, "detail": null},
 *     {"position": 2, "kind": "differing", "key": {"id": 7}, "columns": ["name"],
 *      "sourceValues": {"name": "x"}, "targetValues": {"name": "y"}, "detail": null}]
 * }
 * }</pre>
 *
 * @param comparedRows source rows compared (rows apply rejected left out)
 * @param missingRows rows missing from the target
 * @param extraRows rows only in the target
 * @param differingRows rows with different values
 * @param differencesListed differences stored in {@code tributary.validation_differences}
 * @param differencesComplete false when some mismatching ranges were only counted
 * @param passes reads of each side; null for results stored before control schema version 2
 * @param durationMs how long the comparison took
 * @param sourceLockMs the longest time one of its reads of the source held a lock the source's
 *     writers wait on (a SQLite file in a rollback-journal mode: an application's commit waited at
 *     most that long); null when the source's readers block no writer, or for older results
 * @param differences on the topic, the first differences (at most {@code
 *     tributary.validator.deep.published}); empty when read back from the control schema: every
 *     listed one is at {@code GET /migrations/{id}/validation/results/{validationId}/differences}
 */
public record Comparison(
    long comparedRows,
    long missingRows,
    long extraRows,
    long differingRows,
    int differencesListed,
    boolean differencesComplete,
    Integer passes,
    long durationMs,
    Long sourceLockMs,
    List<ValidationDifference> differences) {}
