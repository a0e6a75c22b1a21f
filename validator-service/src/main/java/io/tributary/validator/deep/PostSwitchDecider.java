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
 * Decides one table of the post-switch verification: a comparison of every row of the frozen source
 * with the target, the rows the fallback window wrote back (or could not) left out on both sides,
 * once the write-back has passed a mark written after the comparison. A differing row the window
 * wrote back by then was changed on the target during the comparison (validation in reverse
 * compares it); any other difference is real: the source has been frozen since the switch and
 * nothing but the write-back writes it, so the target did not receive a change the source made
 * before the freeze (the change stream missed it after the cutover's position), or the target was
 * written behind apply's back — either way the sources hold the rows as the applications last wrote
 * them, and a fallback is recommended.
 */
final class PostSwitchDecider {
  private PostSwitchDecider() {}

  /**
   * A decided table.
   *
   * @param verdict MATCH, MISMATCH (real differences), or null when the differences were not all
   *     listed and another pass should compare again (the rows written back since left out)
   * @param kept the real differences
   */
  record Decided(Verdict verdict, DiffResult kept) {
    boolean again() {
      return verdict == null;
    }
  }

  /**
   * @param diff the comparison
   * @param leftOut how many written-back keys the comparison left out
   * @param writtenBack the signatures ({@link KeySignature}) of every key written back once the
   *     write-back passed the mark after the comparison
   * @param migration the migration, for the recommendation
   */
  static Decided decide(
      TableDef table, DiffResult diff, int leftOut, Set<String> writtenBack, String migration) {
    String left =
        leftOut == 0
            ? ""
            : " ("
                + leftOut
                + plural(leftOut, " row")
                + " the fallback window wrote back left out)";
    if (diff.same()) {
      return new Decided(
          new Verdict(
              ValidationStatus.MATCH,
              "the source as frozen at the switch and the target hold the same "
                  + diff.sourceRows()
                  + plural(diff.sourceRows(), " row")
                  + left),
          diff);
    }
    List<Difference> real = new ArrayList<>();
    for (Difference d : diff.differences()) {
      if (!writtenBack.contains(KeySignature.ofDifferenceKey(table, d.key()))) {
        real.add(d);
      }
    }
    boolean allListed = diff.complete() && diff.differences().size() == diff.differingTotal();
    if (!allListed && real.isEmpty()) {
      return new Decided(null, diff); // the rows written back meanwhile hid the rest: again
    }
    int later = diff.differences().size() - real.size();
    String changed =
        later == 0
            ? ""
            : "; "
                + later
                + plural(later, " row")
                + " changed on the target during the comparison, written back since (validation"
                + " in reverse compares them)";
    DiffResult kept = diff.keeping(real);
    if (real.isEmpty()) {
      return new Decided(
          new Verdict(
              ValidationStatus.MATCH,
              "the source as frozen at the switch and the target are equal" + left + changed),
          kept);
    }
    return new Decided(
        new Verdict(
            ValidationStatus.MISMATCH,
            DeepDecider.summary(kept)
                + (allListed ? "" : " (at least; not all differences were listed)")
                + " between the source as frozen at the switch and the target, in rows the"
                + " fallback window never wrote back: a change the source made before the freeze"
                + " did not reach the target (or the target was written behind apply's back)."
                + " The sources hold these rows as the applications last wrote them: fallback"
                + " recommended (POST /migrations/"
                + migration
                + "/fallback)"
                + left
                + changed),
        kept);
  }

  private static String plural(long n, String noun) {
    return n == 1 ? noun : noun + "s";
  }
}
