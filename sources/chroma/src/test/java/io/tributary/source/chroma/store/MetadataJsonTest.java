package io.tributary.source.chroma.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {
  @Test
  void keepsChromasTypes() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("s", "a \"quoted\"\nline");
    values.put("i", 3L);
    values.put("f", 3.0);
    values.put("big", 1e20);
    values.put("small", 1.25e-7);
    values.put("neg", -0.0);
    values.put("b", true);
    values.put("tags", List.of("x", "y"));
    assertThat(MetadataJson.write(values))
        .isEqualTo(
            "{\"s\":\"a \\\"quoted\\\"\\nline\",\"i\":3,\"f\":3.0,"
                + "\"big\":100000000000000000000.0,\"small\":0.000000125,\"neg\":-0.0,"
                + "\"b\":true,\"tags\":[\"x\",\"y\"]}");
  }

  @Test
  void aFloatJsonCannotHoldIsWrittenAsPythonWritesIt() {
    // not JSON: apply rejects the record with its reason, validation expects the reject
    assertThat(MetadataJson.write(Map.of("score", Double.NaN))).isEqualTo("{\"score\":NaN}");
    assertThat(MetadataJson.floatText("k", Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }

  @Test
  void floatsReadBackToTheSameDouble() {
    for (double d : new double[] {0.1, 1.0 / 3, 123456789.125, 4.9e-324, 1.7976931348623157e308}) {
      assertThat(Double.parseDouble(MetadataJson.floatText("k", d))).isEqualTo(d);
    }
  }
}
