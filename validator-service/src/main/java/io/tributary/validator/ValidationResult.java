package io.tributary.validator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import java.time.Instant;

/**
 * One validation result of one table: the value published on Kafka topic {@code
 * tributary.validation} and returned by {@code GET|POST /validations/{migration}}.
 *
 * <p>On the topic the key is {@code <migration>/<source>/<table>} (UTF-8 text) and the value is a
 * JSON object with these fields (all present; {@code null} where unknown):
 *
 * <pre>{@code
 * {
 *   "migration":      "ai-pa",              // migration id
 *   "source":         "agent-platform",     // the plan's source name
 *   "table":          "agents",             // source table
 *   "targetSchema":   "agent_platform",     // where the table goes
 *   "targetTable":    "agents",
 *   "mode":           "continuous",         // continuous | deep | final
 *   "status":         "MATCH",              // MATCH | PENDING | MISMATCH | ERROR
 *   "sourceRows":     100000,               // rows in the source table
 *   "targetRows":     99998,                // rows in the target table
 *   "rejectedRows":   2,                    // rows of this table in tributary.rejects
 *   "expectedRejects":2,                    // source rows whose values cannot become their
 *                                           //   target type (apply must reject them); null when
 *                                           //   the source was only counted
 *   "applyLag":       0,                    // messages on the table's topic not yet applied
 *                                           //   (null: Kafka unreachable, or read from the
 *                                           //   control schema)
 *   "sourceChecksum": "9f2c…(32 hex)",      // order-independent checksum of the canonical
 *   "targetChecksum": "9f2c…(32 hex)",      //   rows; null unless the counts agreed
 *   "detail":         "2 rows rejected by apply; checksums not compared",  // why, or null
 *   "at":             "2025-11-22T10:15:30.123456Z",  // when the result was made (ISO-8601)
 *   "comparison":     null,                 // continuous results; deep and final ones: below
 *   "alignedAt":      48213                 // continuous results: the source position (SQLite
 *                                           //   change-log sequence, PostgreSQL LSN) both sides
 *                                           //   were read at, when they held exactly the same
 *                                           //   changes; null when that could not be shown
 * }
 * }</pre>
 *
 * <p>Deep and final results ({@code mode} {@code deep} or {@code final}, one per table of a
 * validation request) carry what the row-by-row comparison found:
 *
 * <pre>{@code
 * "comparison": {
 *   "requestId": 12, "validationId": 345,   // the request, and this result in the control schema
 *   "comparedRows": 99998,                  // source rows compared (rejected rows left out)
 *   "missingRows": 1, "extraRows": 0, "differingRows": 1,
 *   "differencesListed": 2,                 // differences stored (at most max-listed)
 *   "differencesComplete": true,            // false: some ranges were only counted
 *   "passes": 3, "durationMs": 5120,
 *   "differences": [                        // the first ones (tributary.validator.deep.published)
 *     {"kind": "missing", "key": {"id": 8}, "columns": null,
 *      "sourceValues": {"id": 8, "name": "x"}, "targetValues": null, "detail": null},
 *     {"kind": "differing", "key": {"id": 7}, "columns": ["name"],
 *      "sourceValues": {"name": "x"}, "targetValues": {"name": "y"}, "detail": null}]
 * }
 * }</pre>
 *
 * <p>A result is published when it differs from the table's previous one (any field except {@code
 * at}), and at least every {@code tributary.validator.refresh} (60 s) otherwise; so consumers can
 * treat a table not heard of for much longer as not being validated. Status rules: {@code MATCH}
 * when {@code sourceRows == targetRows + rejectedRows} and, when nothing was rejected, the
 * checksums are equal; else {@code MISMATCH} when both sides were read at the same source position
 * ({@code alignedAt} not null); else {@code PENDING} while the table's snapshot is not done,
 * changes are on their way (capture has not delivered up to the source read, apply lags, or apply
 * already applied changes made after it) or the source was just written; else {@code MISMATCH};
 * {@code ERROR} when the table could not be read at all. {@code detail} says what differs.
 *
 * @param migration the migration id
 * @param source the plan's source name
 * @param table the source table
 * @param targetSchema the target schema (null if unknown)
 * @param targetTable the target table (null if unknown)
 * @param mode how the table was validated
 * @param status the verdict
 * @param sourceRows rows in the source table, null if not read
 * @param targetRows rows in the target table, null if not read
 * @param rejectedRows rows of this table apply rejected, null if not read
 * @param expectedRejects source rows that cannot be decoded to their target type, null when not
 *     computed
 * @param applyLag messages not yet applied, null when unknown
 * @param sourceChecksum checksum of the source rows, null unless computed
 * @param targetChecksum checksum of the target rows, null unless computed
 * @param detail what differs or failed, null when there is nothing to say
 * @param at when the result was made
 * @param comparison what a deep or final validation compared and found; null for continuous results
 * @param alignedAt the source position both sides were read at when they held the same changes;
 *     null when that could not be shown, and for deep and final results
 */
public record ValidationResult(
    String migration,
    String source,
    String table,
    String targetSchema,
    String targetTable,
    ValidationMode mode,
    ValidationStatus status,
    Long sourceRows,
    Long targetRows,
    Long rejectedRows,
    Long expectedRejects,
    Long applyLag,
    String sourceChecksum,
    String targetChecksum,
    String detail,
    Instant at,
    Comparison comparison,
    Long alignedAt) {

  /** An {@code ERROR} result of a table that could not be compared, saying why. */
  static ValidationResult error(
      ValidatedTable table, ValidationMode mode, String detail, Comparison comparison) {
    TableDef definition = table.definition();
    return new ValidationResult(
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
        TableValidator.now(),
        comparison,
        null);
  }

  /** This result with its comparison's stored id. */
  public ValidationResult withValidationId(Long id) {
    return comparison == null ? this : with(at, comparison.withValidationId(id), alignedAt);
  }

  /** The table this result is about. */
  @JsonIgnore
  public TableKey key() {
    return new TableKey(migration, source, table);
  }

  /**
   * True when both results say the same, whenever they were made; at whichever source position (a
   * busy source moves it with every write), as long as both were aligned or both were not.
   */
  public boolean sameContent(ValidationResult other) {
    return other != null
        && (alignedAt == null) == (other.alignedAt == null)
        && with(at, comparison, null).equals(other.with(at, other.comparison, null));
  }

  /** This result, made at another time. */
  public ValidationResult withAt(Instant when) {
    return with(when, comparison, alignedAt);
  }

  private ValidationResult with(Instant when, Comparison newComparison, Long newAlignedAt) {
    return new ValidationResult(
        migration,
        source,
        table,
        targetSchema,
        targetTable,
        mode,
        status,
        sourceRows,
        targetRows,
        rejectedRows,
        expectedRejects,
        applyLag,
        sourceChecksum,
        targetChecksum,
        detail,
        when,
        newComparison,
        newAlignedAt);
  }
}
