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
    String reason) {

  /** A record of a known table that cannot be written. */
  static Reject of(AppliedTable table, ChangeRecord record, String reason) {
    return new Reject(
        table.migration(),
        table.definition().source(),
        table.definition().sourceTable(),
        record,
        record.event() == null || record.event().source() == null
            ? null
            : record.event().source().pos(),
        reason);
  }
}
