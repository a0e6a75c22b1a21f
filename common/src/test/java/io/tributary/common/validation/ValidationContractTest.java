package io.tributary.common.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValidationContractTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  @DisplayName("Modes and statuses travel as their wire spelling, in JSON both ways")
  void wireSpelling() throws Exception {
    assertThat(MAPPER.writeValueAsString(Map.of("mode", ValidationMode.FINAL)))
        .isEqualTo("{\"mode\":\"final\"}");
    assertThat(MAPPER.writeValueAsString(ValidationStatus.MISMATCH)).isEqualTo("\"MISMATCH\"");
    assertThat(MAPPER.readValue("\"continuous\"", ValidationMode.class))
        .isEqualTo(ValidationMode.CONTINUOUS);
    assertThat(MAPPER.readValue("\"PENDING\"", ValidationStatus.class))
        .isEqualTo(ValidationStatus.PENDING);
    for (ValidationMode mode : ValidationMode.values()) {
      assertThat(ValidationMode.parse(mode.wire())).isEqualTo(mode);
      assertThat(mode.toString()).isEqualTo(mode.wire());
    }
  }

  @Test
  @DisplayName("A value outside the contract is refused with a message naming it and the choices")
  void badValue() {
    assertThatThrownBy(() -> ValidationMode.parse("shallow"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown validation mode 'shallow'; expected one of continuous, deep, precutover,"
                + " final, reverse, postswitch");
    assertThatThrownBy(() -> ValidationStatus.parse("match"))
        .hasMessageContaining("'match'")
        .hasMessageContaining("MATCH, PENDING, MISMATCH, ERROR");
    assertThat(ValidationStatus.parseNullable(null)).isNull();
  }

  @Test
  @DisplayName("Only deep and final validations are requested; mismatches and errors are problems")
  void predicates() {
    assertThat(ValidationMode.CONTINUOUS.isRequested()).isFalse();
    assertThat(ValidationMode.DEEP.isRequested()).isTrue();
    assertThat(ValidationMode.REVERSE.isRequested()).isFalse();
    assertThat(ValidationMode.POSTSWITCH.isRequested()).isTrue();
    assertThat(ValidationStatus.MISMATCH.isProblem()).isTrue();
    assertThat(ValidationStatus.PENDING.isProblem()).isFalse();
  }
}
