package io.tributary.source.postgres.capture;

/**
 * A replication slot's state in its source.
 *
 * @param active whether a connection streams from the slot now
 * @param retainedBytes WAL the slot holds back in the source (bytes from its restart position to
 *     the current position): what the source cannot recycle while capture lags
 * @param lagBytes WAL bytes written after the position capture last confirmed
 */
public record SlotLag(boolean active, long retainedBytes, long lagBytes) {}
