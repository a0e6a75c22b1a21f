package io.tributary.common.cast;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.value.Uuid5;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Uuid5Test {
  private static final UUID NS = Uuid5.tableNamespace("m", "app", "agents");

  @Test
  @DisplayName("RFC 9562's example: uuid5(DNS, www.example.com)")
  void knownValue() {
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(Uuid5.of(dns, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
  }

  @Test
  @DisplayName("A legacy key is hashed into its table's namespace; the same key, the same uuid")
  void legacyKeysAreHashed() {
    assertThat(Uuid5.remap(NS, "agent-7")).isEqualTo(Uuid5.of(NS, "agent-7"));
    assertThat(Uuid5.remap(NS, "agent-7")).isNotEqualTo(Uuid5.remap(NS, "agent-8"));
    assertThat(Uuid5.remap(NS, "agent-7").version()).isEqualTo(5);
  }

  @Test
  @DisplayName("A key that is a UUID already (a row made on the target, written back) stays itself")
  void uuidKeysStay() {
    UUID made = UUID.fromString("0b7e6c4e-8d2f-4a53-9a0f-2f9bd5a1c001");
    assertThat(Uuid5.remap(NS, made.toString())).isEqualTo(made);
    assertThat(Uuid5.remap(NS, made.toString().toUpperCase(Locale.ROOT)))
        .as("another spelling is a legacy key: hashed")
        .isEqualTo(Uuid5.of(NS, made.toString().toUpperCase(Locale.ROOT)));
    assertThat(Uuid5.remap(NS, made + " ")).isNotEqualTo(made);
  }
}
