package io.tributary.validator.deep;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.KeySignature;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.Difference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides a round of validation in reverse on one table (the rows the fallback window wrote back
 * between the table's verified position V and the write-back's position M, compared by key): equal
 * rows are verified; a differing row the target changed again after M (written back, or to be, with
 * a later position) is left to the next round; any other difference is real, since the source holds
 * the row's last change up to M and nothing but the write-back writes it.
 */
final class ReverseDecider {
  private ReverseDecider() {}

  /**
   * A decided round: the verdict, the differences kept (the real ones), and whether the table's
   * verified position may move up to M.
   */
  record Decided(Verdict verdict, DiffResult kept, boolean verified) {}

  /** The signatures of a comparison's listed differences ({@link KeySignature}). */
  static List<String> signatures(TableDef table, DiffResult diff) {
    List<String> out = new ArrayList<>();
    for (Difference d : diff.differences()) {
      out.add(signature(table, d));
    }
    return out;
  }

  /**
   * @param compared how many written-back rows were compared
   * @param upTo the write-back's position M
   * @param changedAgain the signatures of the differing rows written back again after M
   */
  static Decided decide(
      TableDef table, DiffResult diff, int compared, String upTo, Set<String> changedAgain) {
    String rows = compared + (compared == 1 ? " row" : " rows") + " written back up to " + upTo;
    if (diff.same()) {
      return new Decided(new Verdict(ValidationStatus.MATCH, rows + ": equal"), diff, true);
    }
    if (diff.differences().size() < diff.differingTotal()) {
      return new Decided(
          new Verdict(
              ValidationStatus.PENDING,
              rows
                  + ": "
                  + DeepDecider.summary(diff)
                  + ", not all listed (tributary.validator.deep.max-listed): compared again in"
                  + " the next round"),
          diff,
          false);
    }
    List<Difference> real = new ArrayList<>();
    for (Difference d : diff.differences()) {
      if (!changedAgain.contains(signature(table, d))) {
        real.add(d);
      }
    }
    int later = diff.differences().size() - real.size();
    String again =
        later
            + (later == 1 ? " row" : " rows")
            + " changed again on the target since, compared in the next round";
    DiffResult kept = diff.keeping(real);
    if (real.isEmpty()) {
      return new Decided(
          new Verdict(ValidationStatus.MATCH, rows + ": equal; " + again), kept, true);
    }
    return new Decided(
        new Verdict(
            ValidationStatus.MISMATCH,
            rows
                + ": "
                + DeepDecider.summary(kept)
                + " — the sources do not hold them as the target does (a reverse reject, or a"
                + " write outside the write-back)"
                + (later == 0 ? "" : "; " + again)),
        kept,
        false);
  }

  private static String signature(TableDef table, Difference d) {
    return KeySignature.ofDifferenceKey(table, d.key());
  }
}
