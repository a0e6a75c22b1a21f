package io.tributary.source.spi.capture;

/**
 * How much of a source's change stream its capture holds back (PostgreSQL: its replication slot).
 *
 * @param active whether a capture reads it now
 * @param retainedBytes what the source keeps for the capture
 * @param lagBytes what the capture has not confirmed yet
 */
public record CaptureLag(boolean active, long retainedBytes, long lagBytes) {}
