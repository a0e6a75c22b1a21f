package io.tributary.common.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The streaming writer prints every kind of value exactly as the tree codec does. */
class JsonValueWriterTest {

  private static String streamed(Object value, TargetType type) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = ChangeEventCodec.MAPPER.createGenerator(out)) {
      JsonValueWriter.write(g, value, type);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String tree(Object value, TargetType type) throws IOException {
    return ChangeEventCodec.MAPPER.writeValueAsString(ValueCodec.toJson(value, type));
  }

  @Test
  void everyKindOfValuePrintsAsTheTreeCodecPrintsIt() throws IOException {
    List<Object[]> cases =
        List.of(
            new Object[] {null, TargetType.TEXT},
            new Object[] {"plain", TargetType.TEXT},
            new Object[] {"quote \" backslash \\ tab \t nl \n é ☃ \u0001", TargetType.TEXT},
            new Object[] {42L, TargetType.BIGINT},
            new Object[] {Long.MIN_VALUE, TargetType.BIGINT},
            new Object[] {7, TargetType.INTEGER},
            new Object[] {(short) -3, TargetType.SMALLINT},
            new Object[] {0.1d, TargetType.DOUBLE},
            new Object[] {1e300d, TargetType.DOUBLE},
            new Object[] {Double.NaN, TargetType.DOUBLE},
            new Object[] {Double.NEGATIVE_INFINITY, TargetType.DOUBLE},
            new Object[] {1.1f, TargetType.REAL},
            new Object[] {Float.POSITIVE_INFINITY, TargetType.REAL},
            new Object[] {new BigDecimal("12345678901234567890.000123"), TargetType.NUMERIC},
            new Object[] {new BigDecimal("1E+5"), TargetType.NUMERIC},
            new Object[] {new BigInteger("123456789012345678901234567890"), TargetType.NUMERIC},
            new Object[] {new byte[] {0, 1, 2, (byte) 255}, TargetType.BYTEA},
            new Object[] {new byte[] {0, 1, 2, (byte) 255}, TargetType.TEXT},
            new Object[] {true, TargetType.BOOLEAN},
            new Object[] {UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), TargetType.UUID},
            new Object[] {LocalDate.of(-43, 3, 15), TargetType.DATE},
            new Object[] {LocalTime.of(10, 15, 30, 123_456_000), TargetType.TIME},
            new Object[] {
              LocalDateTime.of(2024, 1, 31, 10, 15, 30, 120_000_000), TargetType.TIMESTAMP
            },
            new Object[] {
              OffsetDateTime.of(2024, 1, 31, 10, 15, 30, 0, ZoneOffset.ofHours(2)),
              TargetType.TIMESTAMPTZ
            },
            new Object[] {JsonText.parse("{\"a\": [1, 2]}"), TargetType.JSONB},
            new Object[] {new float[] {0.1f, -2.5f, 3e-7f}, TargetType.VECTOR},
            new Object[] {Arrays.asList("a", null, List.of(1L, 2L)), TargetType.ARRAY});
    for (Object[] c : cases) {
      TargetType type = (TargetType) c[1];
      assertThat(streamed(c[0], type)).as("%s as %s", c[0], type).isEqualTo(tree(c[0], type));
    }
  }
}
