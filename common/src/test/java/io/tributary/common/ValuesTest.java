package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.value.TableChecksum;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  /** What apply does: capture's JSON goes through the wire as text, then is decoded. */
  private static Object roundTrip(Object sqliteValue, TargetType type) throws Exception {
    String wire = ChangeEventCodec.MAPPER.writeValueAsString(ValueCodec.toJson(sqliteValue));
    JsonNode read = ChangeEventCodec.MAPPER.readTree(wire);
    return ValueCodec.decode(read, type);
  }

  @Test
  void valuesSurviveTheWireExactly() throws Exception {
    assertThat(roundTrip(Long.MAX_VALUE, TargetType.BIGINT)).isEqualTo(Long.MAX_VALUE);
    assertThat(roundTrip(42, TargetType.BIGINT)).isEqualTo(42L);
    assertThat(roundTrip(0.1 + 0.2, TargetType.DOUBLE)).isEqualTo(0.1 + 0.2);
    assertThat(roundTrip(-1.0e-300, TargetType.DOUBLE)).isEqualTo(-1.0e-300);
    assertThat(roundTrip(Double.POSITIVE_INFINITY, TargetType.DOUBLE))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(roundTrip("Zoë 李 \"q\"\n", TargetType.TEXT)).isEqualTo("Zoë 李 \"q\"\n");
    assertThat(roundTrip("", TargetType.TEXT)).isEqualTo("");
    assertThat(roundTrip(null, TargetType.TEXT)).isNull();
    byte[] blob = {0, 1, -1, 127, -128};
    assertThat((byte[]) roundTrip(blob, TargetType.BYTEA)).containsExactly(blob);
    assertThat(roundTrip("12.50", TargetType.NUMERIC)).isEqualTo(new BigDecimal("12.50"));
    assertThat(roundTrip(1.1, TargetType.NUMERIC)).isEqualTo(new BigDecimal("1.1"));
    assertThat(roundTrip(7, TargetType.NUMERIC)).isEqualTo(new BigDecimal("7"));
    assertThat(roundTrip(7, TargetType.TEXT)).isEqualTo("7");
  }

  @Test
  void valuesThatDoNotFitSayWhy() {
    assertThatThrownBy(() -> roundTrip("abc", TargetType.BIGINT))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("'abc' is not an integer");
    assertThatThrownBy(() -> roundTrip(1.5, TargetType.BIGINT))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("not a 64-bit integer");
    assertThatThrownBy(() -> roundTrip("x", TargetType.NUMERIC))
        .isInstanceOf(ValueCastException.class);
    assertThatThrownBy(() -> roundTrip("a\0b", TargetType.TEXT))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void binaryDataNeverPassesForText() throws Exception {
    byte[] blob = {1, 2, 3};
    String wire =
        ChangeEventCodec.MAPPER.writeValueAsString(ValueCodec.toJson(blob, TargetType.TEXT));
    assertThat(wire).isEqualTo("{\"$binary\":\"AQID\"}");
    JsonNode read = ChangeEventCodec.MAPPER.readTree(wire);
    assertThatThrownBy(() -> ValueCodec.decode(read, TargetType.TEXT))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("binary data (3 bytes) does not fit a text column");
    assertThat((byte[]) ValueCodec.decode(read, TargetType.BYTEA)).containsExactly(blob);
    assertThat((byte[]) ValueCodec.fromSource(blob, TargetType.BYTEA)).containsExactly(blob);
  }

  @Test
  void envelopeRoundTrips() {
    var after = ChangeEventCodec.MAPPER.createObjectNode().put("id", 1).put("name", "x");
    ChangeEvent event =
        ChangeEvent.read(
            after, new SourceInfo("sqlite", "m.s", "/a.db", "main", "t", "true", 0, 5), 6);
    String json = ChangeEventCodec.encodeToString(event);
    assertThat(json)
        .contains("\"op\":\"r\"")
        .contains("\"ts_ms\":6")
        .doesNotContain("\"before\":{");
    ChangeEvent back = ChangeEventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(back.op()).isEqualTo(Op.READ);
    assertThat(back.after()).isEqualTo(after);
    assertThat(back.source().table()).isEqualTo("t");
    assertThatThrownBy(
            () -> ChangeEventCodec.decode("{\"op\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void checksumIsOrderIndependentAndSeesEveryDifference() {
    List<Object> a = Arrays.asList(1L, "x", null, new byte[] {1});
    List<Object> b = Arrays.asList(2L, "", 1.5, new byte[] {});
    TableChecksum one = new TableChecksum();
    one.add(a);
    one.add(b);
    TableChecksum two = new TableChecksum();
    two.add(b);
    two.add(a);
    assertThat(one.hex()).isEqualTo(two.hex()).hasSize(32);
    assertThat(one.rows()).isEqualTo(2);

    TableChecksum nullVsEmpty = new TableChecksum();
    nullVsEmpty.add(Arrays.asList(1L, "x", null, new byte[] {1}));
    TableChecksum empty = new TableChecksum();
    empty.add(Arrays.asList(1L, "x", "", new byte[] {1}));
    assertThat(nullVsEmpty.hex()).isNotEqualTo(empty.hex());

    TableChecksum trailingZeros = new TableChecksum();
    trailingZeros.add(List.of(new BigDecimal("12.50")));
    TableChecksum plain = new TableChecksum();
    plain.add(List.of(new BigDecimal("12.5")));
    assertThat(trailingZeros.hex()).isEqualTo(plain.hex());
  }
}
