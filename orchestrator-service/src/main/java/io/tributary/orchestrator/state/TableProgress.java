package io.tributary.orchestrator.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.common.kafka.ApplyLag;
import java.util.Map;

/**
 * Where one captured table of a migration stands: snapshot progress (from capture), the latest
 * validation's counts (from validator-service) and the rows apply rejected.
 *
 * @param source the plan's source name
 * @param sourceTable the source table
 * @param targetSchema the target schema
 * @param targetTable the target table
 * @param topic the Kafka topic of its change events
 * @param snapshotDone true once capture has read the table's whole snapshot
 * @param snapshotRows rows the snapshot read, null while unknown
 * @param load how apply loads the table: {@code copy} (its snapshot by binary COPY into the table
 *     without its key, which is not built yet), {@code keyed} (copied, key built, changes by
 *     upsert) or {@code upsert} (every row by upsert into the keyed table)
 * @param sourceRows source rows at the latest validation, null before any validation
 * @param targetRows target rows at the latest validation, null before any validation
 * @param rejectedRows rows apply could not write
 * @param validation the latest validation, null before any
 * @param appliedOffsets the next offset apply will write, per partition of the topic
 * @param applyLag change events in Kafka that apply has not committed yet; null when Kafka could
 *     not be asked
 * @param problem why the table cannot progress now (its source's capture is failing, or apply
 *     cannot write it), or null
 */
public record TableProgress(
    String source,
    String sourceTable,
    String targetSchema,
    String targetTable,
    String topic,
    boolean snapshotDone,
    Long snapshotRows,
    String load,
    Long sourceRows,
    Long targetRows,
    long rejectedRows,
    LatestValidation validation,
    @JsonIgnore Map<Integer, Long> appliedOffsets,
    Long applyLag,
    String problem) {

  /**
   * The same progress with the lag ({@link ApplyLag}) computed from the topic's end offsets per
   * partition; unknown (null) when Kafka could not be asked or the topic does not exist yet.
   */
  public TableProgress withEndOffsets(Map<Integer, Long> endOffsets) {
    Long lag =
        endOffsets == null || endOffsets.isEmpty()
            ? null
            : ApplyLag.lag(endOffsets, appliedOffsets);
    return with(lag, problem);
  }

  /**
   * Records of the table's topic apply has committed (snapshot rows, changes, a few markers),
   * summed over its partitions: while the snapshot loads, about the rows loaded so far, read live
   * (the validation's target count lags by its interval). Null before apply committed any.
   */
  @JsonProperty
  public Long appliedRecords() {
    if (appliedOffsets == null || appliedOffsets.isEmpty()) {
      return null;
    }
    return appliedOffsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The same progress with why it cannot progress now (before a problem it has already). */
  public TableProgress withProblem(String why) {
    return with(applyLag, problem == null ? why : why + "; " + problem);
  }

  /** The same progress with another lag and problem. */
  private TableProgress with(Long newLag, String newProblem) {
    return new TableProgress(
        source,
        sourceTable,
        targetSchema,
        targetTable,
        topic,
        snapshotDone,
        snapshotRows,
        load,
        sourceRows,
        targetRows,
        rejectedRows,
        validation,
        appliedOffsets,
        newLag,
        newProblem);
  }
}
