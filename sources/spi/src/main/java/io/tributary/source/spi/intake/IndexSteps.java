package io.tributary.source.spi.intake;

import io.tributary.common.sql.FinalizeStep;
import java.util.ArrayList;
import java.util.List;

/** Places indexes a plan or a source kind adds among finalize's steps: after the source's own. */
public final class IndexSteps {
  private IndexSteps() {}

  /** {@code steps} with {@code indexes} after its last UNIQUE or INDEX step. */
  public static List<FinalizeStep> insert(List<FinalizeStep> steps, List<FinalizeStep> indexes) {
    List<FinalizeStep> out = new ArrayList<>(steps);
    int after = 0;
    for (int i = 0; i < out.size(); i++) {
      FinalizeStep.Kind kind = out.get(i).kind();
      if (kind == FinalizeStep.Kind.UNIQUE || kind == FinalizeStep.Kind.INDEX) {
        after = i + 1;
      }
    }
    out.addAll(after, indexes);
    return out;
  }
}
