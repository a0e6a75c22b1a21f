package io.tributary.source.spi.capture;

/**
 * A rejected row still open (not replayed), as a replay request hands it to {@link
 * SourceCapture#replay}.
 *
 * @param id the reject's id in the control schema
 * @param table the source table
 * @param rowKey the row's key as capture encoded it
 */
public record OpenReject(long id, String table, String rowKey) {}
