package io.tributary.orchestrator.cutover;

import java.time.OffsetDateTime;

/**
 * One step of a cutover as the audit log recorded it.
 *
 * @param step {@code prepare}, {@code freeze}, ... {@code switch}, {@code rollback}
 * @param at when it ended
 * @param durationMs how long it took
 * @param detail what it did, or why it failed
 */
public record CutoverStepReport(String step, OffsetDateTime at, Long durationMs, String detail) {}
