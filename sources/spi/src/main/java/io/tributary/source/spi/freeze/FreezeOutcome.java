package io.tributary.source.spi.freeze;

/**
 * What one freeze did.
 *
 * @param frozen what to undo
 * @param detail for the audit log
 */
public record FreezeOutcome(FrozenSource frozen, String detail) {}
