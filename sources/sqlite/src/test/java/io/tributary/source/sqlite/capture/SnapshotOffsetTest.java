package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SnapshotOffsetTest {
  @Test
  @DisplayName(
      "The partition serializes to the same bytes in every JVM run, so stored offsets are found after a restart")
  void partitionSerializesStably() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), true);
    byte[] bytes =
        converter.fromConnectData(
            "t", null, List.of("engine", SnapshotOffset.partition("demo", "shop")));
    assertThat(new String(bytes))
        .isEqualTo("[\"engine\",{\"migration\":\"demo\",\"source\":\"shop\"}]");
  }

  @Test
  @DisplayName("An offset survives the trip through its map form; an absent offset means start")
  void roundTrips() {
    SnapshotOffset offset = SnapshotOffset.START.tableCompleted("a").atRow("b", "[[\"i\",5]]", 5);
    SnapshotOffset back = SnapshotOffset.fromMap(offset.toMap());
    assertThat(back.completed()).isEqualTo(Set.of("a"));
    assertThat(back.table()).isEqualTo("b");
    assertThat(back.lastKey()).isEqualTo("[[\"i\",5]]");
    assertThat(back.rows()).isEqualTo(5);
    assertThat(SnapshotOffset.fromMap(null)).isEqualTo(SnapshotOffset.START);
    assertThat(TypedKeyCodec.decode(TypedKeyCodec.encode(Arrays.asList(1L, "x", 2.5, null))))
        .containsExactly(1L, "x", 2.5, null);
  }
}
