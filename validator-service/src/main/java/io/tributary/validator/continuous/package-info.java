/**
 * Continuous validation: every {@code tributary.validator.interval} ({@code ContinuousScheduler})
 * the {@link io.tributary.validator.continuous.ContinuousRunner} reads the tables of the active
 * migrations and, for each one that may have changed ({@code ValidationPolicy}, with what it
 * remembers in {@code TableHistory}), the {@code ContinuousTableValidator}:
 *
 * <ol>
 *   <li>counts the source table (the kind's {@code ValidationSource}) and the target table with
 *       apply's rejects and offsets, in one snapshot ({@code TargetReader});
 *   <li>only when the counts agree, checksums both sides at the same time;
 *   <li>reads apply's lag ({@code TopicOffsetReader} and common's {@code ApplyLag});
 *   <li>decides whether both reads held the same changes ({@code AlignmentDecider}, an {@code
 *       Alignment}) and then MATCH, PENDING, MISMATCH or ERROR ({@code ContinuousDecider}, from an
 *       {@code Observation}).
 * </ol>
 *
 * New or due results are stored and published ({@code io.tributary.validator.results}).
 */
package io.tributary.validator.continuous;
