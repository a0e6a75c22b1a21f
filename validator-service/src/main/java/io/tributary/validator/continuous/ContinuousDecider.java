package io.tributary.validator.continuous;

import io.tributary.common.validation.ValidationStatus;
import io.tributary.validator.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the status of a table from what was observed:
 *
 * <ol>
 *   <li>{@code MATCH} when source rows = target rows + rejected rows and the checksums are equal
 *       (with rejects, the source's checksum is of the rows apply did not reject, as deep
 *       validation compares them);
 *   <li>else {@code MISMATCH} when both reads were {@link Alignment aligned}: they held the same
 *       changes, so the difference is real, however recently the source was written;
 *   <li>else {@code PENDING} while something in flight may explain the difference: the snapshot is
 *       not done, changes are known to be between capture and the target (alignment {@code
 *       IN_FLIGHT}), apply lags ({@code applyLag > 0}), or the source was written within the settle
 *       time;
 *   <li>else {@code ERROR} when the lag is unknown (Kafka unreachable): lag cannot be told from
 *       loss;
 *   <li>else {@code MISMATCH}.
 * </ol>
 *
 * The detail says what differs: the counts, or the checksums.
 */
final class ContinuousDecider {
  private ContinuousDecider() {}

  public static Verdict decide(Observation o) {
    String difference = difference(o);
    if (difference == null) {
      return new Verdict(ValidationStatus.MATCH, matchDetail(o));
    }
    Alignment alignment = o.alignment();
    if (alignment != null && alignment.isAligned()) {
      return new Verdict(
          ValidationStatus.MISMATCH,
          difference
              + "; both read at source position "
              + alignment.position()
              + ", nothing in flight between them");
    }
    List<String> inFlight = new ArrayList<>();
    if (!o.snapshotDone()) {
      inFlight.add("snapshot not done");
    }
    if (o.snapshotDone() && alignment != null && alignment.state() == Alignment.State.IN_FLIGHT) {
      inFlight.add(alignment.reason());
    } else if (o.applyLag() != null && o.applyLag() > 0) {
      inFlight.add("apply lag " + o.applyLag() + (o.applyLag() == 1 ? " message" : " messages"));
    }
    if (!o.sourceSettled()) {
      inFlight.add("source written moments ago");
    }
    if (!inFlight.isEmpty()) {
      return new Verdict(ValidationStatus.PENDING, String.join(", ", inFlight) + "; " + difference);
    }
    if (o.applyLag() == null) {
      return new Verdict(
          ValidationStatus.ERROR,
          "apply lag unknown ("
              + o.kafkaProblem()
              + "), so this difference cannot be told from loss; "
              + difference);
    }
    return new Verdict(ValidationStatus.MISMATCH, difference);
  }

  /** What differs, or null when the table matches. */
  static String difference(Observation o) {
    if (!o.countsAgree()) {
      long target = o.targetRows() + o.rejectedRows();
      long missing = o.sourceRows() - target;
      return "row counts differ: source "
          + o.sourceRows()
          + ", target "
          + o.targetRows()
          + " + rejected "
          + o.rejectedRows()
          + " = "
          + target
          + " ("
          + (missing > 0 ? missing + " missing from" : -missing + " more in")
          + " the target)";
    }
    if (o.sourceChecksum() == null || o.targetChecksum() == null) {
      return "row counts agree ("
          + o.sourceRows()
          + "); checksums not computed while capture or apply is far behind";
    }
    if (!o.sourceChecksum().equals(o.targetChecksum())) {
      String detail =
          "checksums differ over "
              + (o.rejectedRows() > 0
                  ? o.targetRows() + " rows apply did not reject"
                  : o.sourceRows() + " rows")
              + ": source "
              + o.sourceChecksum()
              + ", target "
              + o.targetChecksum()
              + " (same row count, different values)";
      if (o.rejectedRows() == 0 && o.expectedRejects() != null && o.expectedRejects() > 0) {
        detail +=
            "; "
                + o.expectedRejects()
                + " source rows cannot be decoded to their target types, yet apply rejected none";
      }
      return detail;
    }
    return null;
  }

  private static String matchDetail(Observation o) {
    if (o.rejectedRows() == 0) {
      return null;
    }
    String detail =
        o.rejectedRows()
            + " rows rejected by apply; checksums equal over the other "
            + o.targetRows()
            + " rows";
    if (o.expectedRejects() != null
        && o.expectedRejects() > 0
        && !o.expectedRejects().equals(o.rejectedRows())) {
      detail +=
          " (" + o.expectedRejects() + " source rows cannot be decoded to their target types)";
    }
    return detail;
  }
}
