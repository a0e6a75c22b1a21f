package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.value.RowCanonicalizer;
import io.tributary.common.value.RowHasher;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reused-buffer hash equals SHA-256 of the canonical string's UTF-8, for any text. */
class RowHasherTest {
  @Test
  void sameLanesAsHashingTheCanonicalString() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    RowHasher hasher = new RowHasher();
    Random random = new Random(7);
    String[] fixed = {
      "", "plain", "Zoë 日本", "🎁 gift", "\uD83D", "a\uDE01b", "\uDE01\uD83D", "x".repeat(5000)
    };
    List<List<Object>> rows = new ArrayList<>();
    for (String text : fixed) {
      rows.add(Arrays.asList(1L, text, null, new BigDecimal("12.50"), UUID.randomUUID()));
    }
    for (int i = 0; i < 500; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int c = 0; c < length; c++) {
        // ASCII, Latin-1, BMP, surrogates (paired or not)
        text.append((char) random.nextInt(random.nextBoolean() ? 0x100 : 0x10000));
      }
      rows.add(Arrays.asList((long) i, text.toString(), new float[] {random.nextFloat(), -0.0f}));
    }
    long[] lanes = new long[2];
    for (List<Object> row : rows) {
      ByteBuffer expected =
          ByteBuffer.wrap(
              sha.digest(RowCanonicalizer.canonical(row).getBytes(StandardCharsets.UTF_8)));
      hasher.lanes(row, lanes);
      assertThat(lanes).as("row %s", row).containsExactly(expected.getLong(), expected.getLong());
    }
  }
}
