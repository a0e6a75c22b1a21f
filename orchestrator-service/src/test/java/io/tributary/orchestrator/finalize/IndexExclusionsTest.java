package io.tributary.orchestrator.finalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What finalize does with an index it cannot build whole. */
class IndexExclusionsTest {
  private static IndexExclusions.Excluded row(int id) {
    return new IndexExclusions.Excluded(
        "(\"id\") = ('" + id + "'::bigint)", "(" + id + ")", "holds (a), as 1 other row(s) do");
  }

  @Test
  @DisplayName(
      "Only duplicates (23505) and index rows too large (54000) of an index step that reads its"
          + " rows are built without them")
  void applies() {
    assertThat(IndexExclusions.applies(Kind.UNIQUE, "SELECT", "23505")).isTrue();
    assertThat(IndexExclusions.applies(Kind.INDEX, "SELECT", "54000")).isTrue();
    assertThat(IndexExclusions.applies(Kind.INDEX, null, "54000"))
        .as("an index of a table without a key (nothing names its rows), or an HNSW index")
        .isFalse();
    assertThat(IndexExclusions.applies(Kind.INDEX, "SELECT", "57014")).isFalse();
    assertThat(IndexExclusions.applies(Kind.VALIDATE, "SELECT", "23505")).isFalse();
  }

  @Test
  @DisplayName("The size limit is the one PostgreSQL named, less what alignment may add")
  void threshold() {
    assertThat(
            IndexExclusions.threshold(
                "index row size 9016 exceeds btree version 4 maximum 2704 for index \"i\""))
        .isEqualTo(2696);
    assertThat(IndexExclusions.threshold("index row requires 10016 bytes, maximum size is 8191"))
        .isEqualTo(2696);
  }

  @Test
  @DisplayName(
      "Built without the rows, partial, naming them; none found, or too many, and it is not built")
  void outcomes() {
    IndexExclusions.Outcome partial = IndexExclusions.plan(List.of(row(3)), "duplicated (23505)");
    assertThat(partial.state()).isEqualTo(FinalizeStepState.PARTIAL);
    assertThat(partial.detail())
        .isEqualTo(
            "built without 1 row it cannot hold, which stay in the table outside the index"
                + " (queries use it only when their condition leaves these rows out); key (3)"
                + " holds (a), as 1 other row(s) do; the next finalize tries the whole index"
                + " again; PostgreSQL: duplicated (23505)");
    assertThat(IndexExclusions.plan(List.of(), "e").state()).isEqualTo(FinalizeStepState.FAILED);
    List<IndexExclusions.Excluded> many = new ArrayList<>();
    for (int i = 0; i <= IndexExclusions.MAX_EXCLUDED; i++) {
      many.add(row(i));
    }
    IndexExclusions.Outcome tooMany = IndexExclusions.plan(many, "e");
    assertThat(tooMany.state()).isEqualTo(FinalizeStepState.FAILED);
    assertThat(tooMany.detail())
        .startsWith("more than 100 rows keep the index from being built")
        .contains("; and 91 more");
    assertThat(IndexExclusions.notBuilt(List.of(row(3)), "e", "again").detail())
        .isEqualTo(
            "e; built without 1 rows (key (3) holds (a), as 1 other row(s) do) it failed"
                + " again: again");
  }
}
