package io.tributary.validator.deep;

import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.validator.Verdict;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.Difference;
import io.tributary.validator.diff.DifferenceKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides the status of a deep or final comparison of one table.
 *
 * <p>{@code final} (the last gate of a cutover, on a frozen and drained source) is exact: {@code
 * ERROR} when its preconditions do not hold (snapshot not done, apply lag unknown or above 0, the
 * source written during the comparison), else {@code MATCH} or {@code MISMATCH}. {@code deep} (on a
 * live source) says {@code MATCH} when nothing differs, {@code PENDING} when something in flight
 * may explain the differences (snapshot not done, apply lag, source written during or just before
 * the comparison), {@code ERROR} when the lag is unknown, else {@code MISMATCH}.
 */
final class DeepDecider {
  private DeepDecider() {}

  /**
   * @param mode {@code deep} or {@code final}
   * @param applyLag messages not yet applied when the comparison started, null when unknown
   * @param kafkaProblem why the lag is unknown
   * @param sourceUnchanged the source's write mark was the same before and after the comparison
   * @param sourceSettled unchanged, and not written within the settle time before
   */
  public static Verdict decide(
      ValidationMode mode,
      DiffResult diff,
      boolean snapshotDone,
      Long applyLag,
      String kafkaProblem,
      boolean sourceUnchanged,
      boolean sourceSettled) {
    String summary = summary(diff);
    if (mode == ValidationMode.FINAL) {
      List<String> unmet = new ArrayList<>();
      if (!snapshotDone) {
        unmet.add("the snapshot is not done");
      }
      if (applyLag == null) {
        unmet.add("apply lag unknown (" + kafkaProblem + ")");
      } else if (applyLag > 0) {
        unmet.add("apply has " + applyLag + " messages not yet applied (not drained)");
      }
      if (!sourceUnchanged) {
        unmet.add("the source was written during the comparison (not frozen)");
      }
      if (!unmet.isEmpty()) {
        return new Verdict(
            ValidationStatus.ERROR,
            "final validation needs a frozen, drained source: "
                + String.join(", ", unmet)
                + "; "
                + summary);
      }
      return new Verdict(diff.same() ? ValidationStatus.MATCH : ValidationStatus.MISMATCH, summary);
    }
    if (diff.same()) {
      return new Verdict(ValidationStatus.MATCH, summary);
    }
    List<String> inFlight = new ArrayList<>();
    if (!snapshotDone) {
      inFlight.add("snapshot not done");
    }
    if (applyLag != null && applyLag > 0) {
      inFlight.add("apply lag " + applyLag + (applyLag == 1 ? " message" : " messages"));
    }
    if (!sourceSettled) {
      inFlight.add(sourceUnchanged ? "source written moments ago" : "source written meanwhile");
    }
    if (!inFlight.isEmpty()) {
      return new Verdict(
          ValidationStatus.PENDING,
          String.join(", ", inFlight) + "; " + summary + " (may still be in flight)");
    }
    if (applyLag == null) {
      return new Verdict(
          ValidationStatus.ERROR,
          "apply lag unknown ("
              + kafkaProblem
              + "), so these differences cannot be told from loss; "
              + summary);
    }
    return new Verdict(ValidationStatus.MISMATCH, summary);
  }

  /** {@code 3 rows differ: 1 missing from the target, ... (columns: a, b)}, or what matched. */
  static String summary(DiffResult diff) {
    String rejected =
        diff.rejectedRows() == 0
            ? ""
            : "; "
                + diff.rejectedRows()
                + (diff.rejectedRows() == 1 ? " row" : " rows")
                + " rejected by apply left out";
    if (diff.same()) {
      return diff.sourceRows() + " rows equal on both sides" + rejected;
    }
    List<String> parts = new ArrayList<>();
    if (diff.missingRows() > 0) {
      parts.add(diff.missingRows() + " missing from the target");
    }
    if (diff.extraRows() > 0) {
      parts.add(diff.extraRows() + " extra in the target");
    }
    if (diff.differingRows() > 0) {
      Set<String> columns = new LinkedHashSet<>();
      for (Difference d : diff.differences()) {
        if (d.kind() == DifferenceKind.DIFFERING) {
          columns.addAll(d.columns());
        }
      }
      parts.add(
          diff.differingRows()
              + " with different values"
              + (columns.isEmpty() ? "" : " (columns: " + String.join(", ", columns) + ")"));
    }
    long total = diff.differingTotal();
    String text =
        total
            + (total == 1 ? " row differs: " : " rows differ: ")
            + String.join(", ", parts)
            + "; "
            + diff.differences().size()
            + " listed";
    if (!diff.complete()) {
      text +=
          "; not complete: some mismatching ranges were compared by row counts only (raise"
              + " tributary.validator.deep.max-row-passes or row-budget)";
    }
    return text + rejected;
  }
}
