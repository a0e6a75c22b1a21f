package io.tributary.common.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidParsingTest {

  @Test
  void everyWrittenFormGivesTheSameUuid() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      UUID uuid = new UUID(random.nextLong(), random.nextLong());
      String text = uuid.toString();
      assertThat(ScalarValues.parseUuid(text)).isEqualTo(uuid);
      assertThat(ScalarValues.parseUuid(text.toUpperCase(Locale.ROOT))).isEqualTo(uuid);
      assertThat(ScalarValues.parseUuid(text.replace("-", ""))).isEqualTo(uuid);
      assertThat(ScalarValues.parseUuid(" {" + text + "}\t")).isEqualTo(uuid);
    }
    assertThat(ScalarValues.parseUuid("ffffffff-ffff-ffff-ffff-ffffffffffff"))
        .isEqualTo(new UUID(-1L, -1L));
    assertThat(ScalarValues.parseUuid("00000000000000000000000000000000"))
        .isEqualTo(new UUID(0L, 0L));
  }

  @Test
  void anythingElseIsRefusedNamingTheValue() {
    for (String bad :
        new String[] {
          "",
          "{}",
          "123e4567-e89b-12d3-a456-42661417400",
          "123e4567-e89b-12d3-a456-4266141740000",
          "123e4567e-89b-12d3-a456-426614174000",
          "123e4567-e89b-12d3-a456-42661417400g",
          "123e4567+e89b+12d3+a456+426614174000",
          "123e4567e89b12d3a45642661417400",
          "{123e4567-e89b-12d3-a456-426614174000",
          "123e4567-e89b-12d3-a456--26614174000"
        }) {
      assertThatThrownBy(() -> ScalarValues.parseUuid(bad))
          .as(bad)
          .isInstanceOf(ValueCastException.class)
          .hasMessageContaining("is not a UUID");
    }
  }
}
