package io.tributary.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SourcePositionTest {
  @Test
  @DisplayName("ordered by generation, then major, minor and ordinal")
  void order() {
    List<SourcePosition> sorted =
        List.of(
            new SourcePosition(1, 100, 900, 5),
            new SourcePosition(1, 200, 50, 0),
            new SourcePosition(1, 200, 50, 1),
            new SourcePosition(1, 200, 51, 0),
            new SourcePosition(2, 1, 0, 0));
    List<SourcePosition> shuffled = new ArrayList<>(sorted);
    Collections.reverse(shuffled);
    Collections.sort(shuffled);
    assertThat(shuffled).isEqualTo(sorted);
    assertThat(sorted.get(1).next()).isEqualTo(sorted.get(2));
    assertThat(sorted.get(1).sameChange(sorted.get(2))).isTrue();
    assertThat(sorted.get(2).sameChange(sorted.get(3))).isFalse();
    assertThat(sorted.get(2).sameChange(null)).isFalse();
  }

  @Test
  @DisplayName("the header is four decimal numbers and reads back; the stored array too")
  void headerAndArray() {
    SourcePosition at = new SourcePosition(1795705128871L, 32347208, 32348640, 3);
    assertThat(new String(at.header(), StandardCharsets.UTF_8))
        .isEqualTo("1795705128871/32347208/32348640/3");
    assertThat(SourcePosition.parse(at.header())).isEqualTo(at);
    assertThat(SourcePosition.fromArray(at.toArray())).isEqualTo(at);
    assertThat(SourcePosition.fromArray(null)).isNull();
  }

  @Test
  @DisplayName("a value that is not a position is refused, naming the header and the value")
  void malformed() {
    for (String bad : List.of("", "1/2/3", "1/2/3/4/5", "1/2/x/4", "a/b/c/d", "1/2/3/")) {
      assertThatThrownBy(() -> SourcePosition.parse(bad.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Topics.POSITION_HEADER)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> SourcePosition.fromArray(new Long[] {1L, 2L}))
        .hasMessageContaining("4 parts");
  }
}
