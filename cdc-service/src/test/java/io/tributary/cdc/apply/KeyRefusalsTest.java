package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Which rows keep a bulk-loaded table's key from being built, and the reasons they are rejected.
 */
class KeyRefusalsTest {
  private static Object[] row(String ctid, long offset, String key, String keyValues, Object more) {
    return new Object[] {ctid, 0, offset, key, "{}", keyValues, null, more};
  }

  @Test
  @DisplayName(
      "Of rows of different source rows on one key, the one written last stays; the others are"
          + " refused naming the key, its columns, the row that stays and PostgreSQL's error")
  void duplicates() {
    List<KeyRefusals.Refusal> refused =
        KeyRefusals.duplicates(
            KeyBuildStatementsTest.DOCS,
            List.of(
                row("(0,3)", 5, "{\"code\":\"a\",\"ref\":\"AB\"}", "(a,ab)", 1L),
                row("(10,1)", 9, "{\"code\":\"a\",\"ref\":\"ab\"}", "(a,ab)", 1L),
                row("(2,7)", 7, "{\"code\":\"a\",\"ref\":\"aB\"}", "(a,ab)", 1L),
                row("(3,1)", 11, "{\"code\":\"b\",\"ref\":\"cd\"}", "(b,cd)", 2L),
                row("(3,2)", 12, "{\"code\":\"b\",\"ref\":\"CD\"}", "(b,cd)", 2L)),
            "(23505): could not create unique index \"doc s_pkey\"");
    assertThat(refused)
        .extracting(r -> r.row().offset())
        .as("the rows not written last in their groups")
        .containsExactly(5L, 7L, 11L);
    assertThat(refused.get(0).reason())
        .isEqualTo(
            "the key \"doc s_pkey\" (code, ref) cannot hold this row: its key (a,ab) is also the"
                + " key of source row {\"code\":\"a\",\"ref\":\"ab\"} (Kafka partition 0, offset"
                + " 9), written after it, which stays; PostgreSQL (23505): could not create unique"
                + " index \"doc s_pkey\"");
  }

  @Test
  @DisplayName(
      "Rows of one record key with other values (a plan's key that the source does not hold"
          + " unique) are refused saying so")
  void declaredKeyNotUnique() {
    List<KeyRefusals.Refusal> refused =
        KeyRefusals.duplicates(
            KeyBuildStatementsTest.MARKS,
            List.of(
                row("(0,1)", 1, "{\"code\":\"x\"}", "(x)", 1L),
                row("(0,2)", 2, "{\"code\":\"x\"}", "(x)", 1L)),
            "(23505): could not create unique index \"marks_code_key\"");
    assertThat(refused).singleElement().satisfies(r -> assertThat(r.row().offset()).isEqualTo(1));
    assertThat(refused.get(0).reason())
        .startsWith("the key \"marks_code_key\" (code) cannot hold this row")
        .contains("another source row with the same key {\"code\":\"x\"} and other values")
        .contains("not unique in the source");
  }

  @Test
  @DisplayName(
      "A row whose key is too large is refused with its size, its largest column, the limit and"
          + " PostgreSQL's error")
  void oversized() {
    Object[] read = {"(4,2)", 1, 30L, "{\"code\":\"x…\"}", "{}", "(x…,ab)", 12, 9_000, 16};
    List<KeyRefusals.Refusal> refused =
        KeyRefusals.oversized(
            KeyBuildStatementsTest.DOCS,
            List.<Object[]>of(read),
            2704,
            "(54000): index row size 9024 exceeds btree version 4 maximum 2704 for index \"doc"
                + " s_pkey\"");
    assertThat(refused)
        .singleElement()
        .satisfies(r -> assertThat(r.row().ctid()).isEqualTo("(4,2)"));
    assertThat(refused.get(0).reason())
        .isEqualTo(
            "the key \"doc s_pkey\" (code, ref) cannot hold this row: its key takes 9016 bytes"
                + " (column \"code\" 9000), more than the 2704 bytes an index row holds;"
                + " PostgreSQL (54000): index row size 9024 exceeds btree version 4 maximum 2704"
                + " for index \"doc s_pkey\"");
  }

  @Test
  @DisplayName("PostgreSQL's limit and the row its detail names are read from its messages")
  void messages() {
    assertThat(
            KeyRefusals.limit(
                "index row size 3056 exceeds btree version 4 maximum 2704 for index \"t_pkey\""))
        .isEqualTo(2704);
    assertThat(KeyRefusals.limit("index row requires 10032 bytes, maximum size is 8191"))
        .as("a row too large for any index row: the btree's limit still holds for the others")
        .isEqualTo(KeyRefusals.BTREE_MAX);
    assertThat(KeyRefusals.namedTuple("Index row references tuple (12,3) in relation \"t\"."))
        .isEqualTo("(12,3)");
    assertThat(KeyRefusals.namedTuple(null)).isNull();
    assertThat(KeyRefusals.compareCtid("(10,1)", "(9,20)")).isPositive();
    assertThat(KeyRefusals.compareCtid("(1,2)", "(1,10)")).isNegative();
  }
}
