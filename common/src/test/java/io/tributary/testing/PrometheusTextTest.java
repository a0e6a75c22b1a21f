package io.tributary.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final String PAGE =
      """
      # HELP tributary_apply_rows_total Rows apply committed
      # TYPE tributary_apply_rows_total counter
      tributary_apply_rows_total{migration="m1",op="write",source="app",table="items"} 7.0
      tributary_apply_rows_total{migration="m1",op="delete",source="app",table="items"} 1.0
      tributary_apply_rows_total{migration="m1",op="write",source="app",table="say \\"hi\\""} 2.0
      jvm_threads_live_threads 42.0
      """;

  @Test
  void sumsTheSamplesWhoseLabelsMatch() {
    assertThat(PrometheusText.sum(PAGE, "tributary_apply_rows_total", "table", "items"))
        .isEqualTo(8.0);
    assertThat(
            PrometheusText.sum(
                PAGE, "tributary_apply_rows_total", "table", "items", "op", "delete"))
        .isEqualTo(1.0);
    assertThat(PrometheusText.sum(PAGE, "tributary_apply_rows_total", "table", "say \"hi\""))
        .isEqualTo(2.0);
    assertThat(PrometheusText.sum(PAGE, "jvm_threads_live_threads")).isEqualTo(42.0);
    assertThat(PrometheusText.sum(PAGE, "tributary_apply_rows_total", "table", "nope")).isNull();
    assertThat(PrometheusText.has(PAGE, "tributary_apply_rows_total")).isTrue();
    assertThat(PrometheusText.has(PAGE, "tributary_apply_rows")).isFalse();
  }
}
