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
 * @param kafkaTopic the topic the record was on when it is not its table's (a snapshot chunk's
 *     topic), else null
 * @param chunkRow the row's place in its snapshot chunk, -1 for a record of one row
 */
public record Reject(
    String migration,
    String source,
    String table,
    ChangeRecord record,
    Long sourcePos,
    String reason,
    String kafkaTopic,
    int chunkRow) {

  /** A reject of a record of one row, on its table's topic. */
  public Reject(
      String migration,
      String source,
      String table,
      ChangeRecord record,
      Long sourcePos,
      String reason) {
    this(migration, source, table, record, sourcePos, reason, null, -1);
  }

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

  /**
   * A row of a snapshot chunk that cannot be written: {@code record} is on the table's topic (so a
   * reset drops it) at the chunk's partition and offset, with the row's key and data.
   */
  static Reject inChunk(
      AppliedTable table, String chunkTopic, ChangeRecord record, int row, String reason) {
    return new Reject(
        table.migration(),
        table.definition().source(),
        table.definition().sourceTable(),
        record,
        null,
        reason,
        chunkTopic,
        row);
  }
}
