package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Security review M7: a rejected row is not kept whole whatever its size (a source could fill the
 * control database through rows apply refuses); the reject, its key, its reason, the row's
 * beginning, its length and SHA-256 are.
 */
class RejectedRowTest {
  @Test
  void aHugeRejectedRowIsStoredCappedWithItsLengthAndHash() {
    String huge = "{\"v\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
    ChangeRecord record =
        new ChangeRecord(
            "t.shop.items", 0, 42, "{\"id\":1}", huge.getBytes(StandardCharsets.UTF_8), null, 0);
    Object[] params =
        Rejects.row(new Reject("m", "shop", "items", record, 7L, "value too long for type"));
    String stored = (String) params[8];
    assertThat(stored).hasSize(RejectedRow.MAX_ROW_CHARS).isEqualTo(huge.substring(0, 65536));
    assertThat(params[7]).isEqualTo("{\"id\":1}");
    assertThat(params[9]).isEqualTo("value too long for type");
    assertThat(params[12]).isEqualTo(true);
    assertThat(params[13]).isEqualTo((long) huge.length());
    assertThat(params[14]).isEqualTo(RejectedRow.sha256(huge));
    assertThat((String) params[14]).hasSize(64);
  }

  @Test
  void aRowUpToTheCapIsStoredWholeAndAHugeReasonIsCut() {
    RejectedRow row = RejectedRow.of("abc", RejectedRow.MAX_ROW_CHARS);
    assertThat(row).isEqualTo(new RejectedRow("abc", false, 3L, null));
    assertThat(RejectedRow.of(null, 10)).isEqualTo(new RejectedRow(null, false, null, null));
    String emoji = "a" + "😀".repeat(10);
    RejectedRow cut = RejectedRow.of(emoji, 4);
    assertThat(cut.text()).isEqualTo("a😀"); // never half a surrogate pair
    assertThat(cut.truncated()).isTrue();
    String reason = "r".repeat(100_000);
    assertThat(RejectedRow.reason(reason))
        .startsWith("r".repeat(RejectedRow.MAX_REASON_CHARS))
        .endsWith("(reason cut at 8192 of its 100000 characters)");
  }
}
