package io.tributary.validator.continuous;

import io.tributary.common.validation.ValidationResult;
import io.tributary.source.spi.validate.SourceFingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the validator remembers of a table between runs.
 *
 * @param last the last result made (recorded or not)
 * @param validatedAt when the table was last fully validated
 * @param sourceFingerprint the source's fingerprint before that validation, null if unknown
 * @param endOffsets the topic's end offsets before that validation, null if unknown
 * @param recorded the last result recorded (control schema and topic), null if none yet
 * @param took how long that validation took (what re-reading the table costs)
 */
record TableHistory(
    ValidationResult last,
    Instant validatedAt,
    SourceFingerprint sourceFingerprint,
    Map<Integer, Long> endOffsets,
    ValidationResult recorded,
    Duration took) {}
