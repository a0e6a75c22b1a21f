package io.tributary.validator.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.RowScanner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacedScannerTest {
  /** Streams n rows of one value each. */
  private static RowScanner rows(int n) {
    return sink -> {
      for (int i = 0; i < n; i++) {
        sink.row(List.of(i));
      }
    };
  }

  private static List<Object> scan(RowScanner scanner) {
    List<Object> out = new ArrayList<>();
    scanner.scan(
        new RowScanner.RowSink() {
          @Override
          public void row(List<Object> values) {
            out.add(values.get(0));
          }

          @Override
          public void undecodable(ObjectNode sourceKey, String reason) {}

          @Override
          public void rejected() {}
        });
    return out;
  }

  @Test
  @DisplayName("At 1 the scanner is itself; below, every row still arrives, in order")
  void everyRowArrives() {
    RowScanner inner = rows(5_000);
    assertThat(PacedScanner.of(inner, 1)).isSameAs(inner);
    List<Object> paced = scan(PacedScanner.of(inner, 0.5));
    assertThat(paced).hasSize(5_000);
    assertThat(paced.get(4_999)).isEqualTo(4_999);
  }

  @Test
  @DisplayName("The pause leaves the rest of the time to others: at 0.5 as long as it read")
  void pauses() {
    assertThat(ReadPace.pauseNanos(1_000_000, 0.5)).isEqualTo(1_000_000);
    assertThat(ReadPace.pauseNanos(1_000_000, 0.25)).isEqualTo(3_000_000);
    assertThat(ReadPace.pauseNanos(1_000_000, 1)).isZero();
  }

  @Test
  @DisplayName("A duty cycle outside (0, 1] is refused, naming the setting")
  void refused() {
    assertThatThrownBy(() -> PacedScanner.of(rows(1), 0))
        .hasMessageContaining("tributary.validator.deep.duty-cycle");
    assertThatThrownBy(() -> PacedScanner.of(rows(1), 1.5))
        .hasMessageContaining("must be above 0 and at most 1");
  }
}
