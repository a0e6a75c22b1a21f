package io.tributary.source.spi.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyRangesTest {

  @Test
  @DisplayName("Uniform ranges place every hash in the range of its leading bits")
  void uniform() {
    KeyRanges ranges = KeyRanges.uniform(4);
    assertThat(ranges.size()).isEqualTo(16);
    assertThat(ranges.locate(0L)).isZero();
    assertThat(ranges.locate(-1L)).isEqualTo(15);
    assertThat(ranges.locate(0x7fffffffffffffffL)).isEqualTo(7);
    assertThat(KeyRanges.uniform(0).locate(12345L)).isZero();
  }

  @Test
  @DisplayName("Refined ranges keep the chosen ranges, split some, and hold no other hash")
  void refine() {
    KeyRanges ranges = KeyRanges.uniform(2); // 00.., 01.., 10.., 11..
    KeyRanges refined = ranges.refine(new int[] {1, 3}, new int[] {0, 2});
    assertThat(refined.size()).isEqualTo(1 + 4);
    assertThat(refined.locate(0x0L)).isEqualTo(-1); // range 0 dropped
    assertThat(refined.locate(0x4000000000000000L)).isZero(); // range 1 kept whole
    assertThat(refined.locate(0x7fffffffffffffffL)).isZero();
    assertThat(refined.locate(0x8000000000000000L)).isEqualTo(-1); // range 2 dropped
    assertThat(refined.locate(0xc000000000000000L)).isEqualTo(1); // 1100..
    assertThat(refined.locate(0xd000000000000000L)).isEqualTo(2); // 1101..
    assertThat(refined.locate(0xffffffffffffffffL)).isEqualTo(4); // 1111..
    assertThat(refined.depth(4)).isEqualTo(4);
  }

  @Test
  @DisplayName("Every hash lands in exactly the refined range that contains it")
  void randomHashes() {
    KeyRanges ranges = KeyRanges.uniform(3).refine(new int[] {0, 2, 5, 7}, new int[] {3, 0, 1, 5});
    Random random = new Random(7);
    for (int n = 0; n < 100_000; n++) {
      long hash = random.nextLong();
      int top = (int) (hash >>> 61);
      int found = ranges.locate(hash);
      if (top == 0 || top == 2 || top == 5 || top == 7) {
        assertThat(found).isNotNegative();
        int depth = ranges.depth(found);
        assertThat(hash >>> (64 - depth)).isEqualTo(ranges.start(found) >>> (64 - depth));
      } else {
        assertThat(found).isEqualTo(-1);
      }
    }
  }
}
