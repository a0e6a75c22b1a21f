package io.tributary.cdc.apply;

/**
 * A record that could not be written, with why.
 *
 * @param migration the migration, null when the topic is unknown
 * @param source the plan's source name
 * @param table the source table
 * @param record the record as consumed
 * @param sourcePos the change's source position, when readable
 * @param reason why it could not be written
 */
public record Reject(
    String migration,
    String source,
    String table,
    ChangeRecord record,
    Long sourcePos,
    String reason) {}
