package io.tributary.common.validation;

import java.time.Instant;

/**
 * One validation result of one table, the one shape every service uses: the value validator-service
 * publishes on Kafka topic {@code tributary.validation}, the row it stores in {@code
 * tributary.validations} (read back by {@link ValidationRows}), and what both services' REST APIs
 * return.
 *
 * <p>On the topic the key is {@code <migration>/<source>/<table>} (UTF-8 text) and the value is a
 * JSON object with these fields (all present; {@code null} where unknown):
 *
 * <pre>{@code
 * {
 *   "validationId":   345,                  // its row in tributary.validations; null on the topic
 *                                           //   for a continuous result (published before, or
 *                                           //   without, being stored)
 *   "requestId":      12,                   // the deep or final request it answers; null for
 *                                           //   continuous results
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
 *                                           //   (null: Kafka unreachable)
 *   "sourceChecksum": "9f2c…(32 hex)",      // order-independent checksum of the canonical
 *   "targetChecksum": "9f2c…(32 hex)",      //   rows; null unless the counts agreed
 *   "detail":         "2 rows rejected by apply; checksums equal over the other 98 rows",  // why, or null
 *   "at":             "2025-11-22T10:15:30.123456Z",  // when the result was made (ISO-8601)
 *   "alignedAt":      48213,                // continuous results: the source position (SQLite
 *                                           //   change-log sequence, PostgreSQL LSN) both sides
 *                                           //   were read at, when they held exactly the same
 *                                           //   changes; null when that could not be shown
 *   "comparison":     null                  // continuous results; deep and final ones: below
 * }
 * }</pre>
 *
 * <p>Deep and final results ({@code mode} {@code deep} or {@code final}, one per table of a
 * validation request) carry what the row-by-row comparison found, {@link Comparison}.
 *
 * <p>Status rules: {@code MATCH} when {@code sourceRows == targetRows + rejectedRows} and, when
 * nothing was rejected, the checksums are equal; else {@code MISMATCH} when both sides were read at
 * the same source position ({@code alignedAt} not null); else {@code PENDING} while the table's
 * snapshot is not done, changes are on their way or the source was just written; else {@code
 * MISMATCH}; {@code ERROR} when the table could not be read at all. {@code detail} says what
 * differs.
 *
 * @param validationId the stored result ({@code tributary.validations.id}), null until stored
 * @param requestId the validation request ({@code tributary.validation_requests.id}) a deep or
 *     final result answers; null for continuous results
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
 * @param alignedAt the source position both sides were read at when they held the same changes;
 *     null when that could not be shown, and for deep and final results
 * @param comparison what a deep or final validation compared and found; null for continuous results
 */
public record ValidationResult(
    Long validationId,
    Long requestId,
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
    Long alignedAt,
    Comparison comparison) {

  /** This result, stored as row {@code id}. */
  public ValidationResult withValidationId(Long id) {
    return with(id, at, alignedAt);
  }

  /** This result, made at another time. */
  public ValidationResult withAt(Instant when) {
    return with(validationId, when, alignedAt);
  }

  /**
   * True when both results say the same, whenever they were made and whether or not they were
   * stored; at whichever source position (a busy source moves it with every write), as long as both
   * were aligned or both were not.
   */
  public boolean sameContent(ValidationResult other) {
    return other != null
        && (alignedAt == null) == (other.alignedAt == null)
        && with(null, Instant.EPOCH, null).equals(other.with(null, Instant.EPOCH, null));
  }

  private ValidationResult with(Long id, Instant when, Long aligned) {
    return new ValidationResult(
        id,
        requestId,
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
        aligned,
        comparison);
  }
}
