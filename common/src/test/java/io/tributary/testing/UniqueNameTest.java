package io.tributary.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UniqueNameTest {

  @Test
  void isALowercaseIdentifierStartingWithThePrefix() {
    assertThat(TestInfrastructure.uniqueName("My-DB.x")).matches("my_db_x_\\d+_[0-9a-z]+");
    assertThat(TestInfrastructure.uniqueName("9lives")).startsWith("t_9lives_");
  }

  @Test
  void isNeverLongerThanAPostgresIdentifier() {
    assertThat(TestInfrastructure.uniqueName("x".repeat(200))).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void differsOnEveryCall() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      names.add(TestInfrastructure.uniqueName("db"));
    }
    assertThat(names).hasSize(1000);
  }
}
