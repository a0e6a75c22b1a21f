package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BatchReducerTest {
  private static long offset;

  private static ChangeRecord record(String key, Op op, String name) {
    var row = ChangeEventCodec.MAPPER.createObjectNode().put("id", key).put("name", name);
    ChangeEvent event =
        op == Op.DELETE
            ? new ChangeEvent(row, null, op, 0, null)
            : new ChangeEvent(null, row, op, 0, null);
    return new ChangeRecord("t", 0, offset++, key, "{}".getBytes(), event, 0);
  }

  @Test
  @DisplayName("When a key is written several times in a batch then only its last write is applied")
  void lastWriteWins() {
    BatchReducer.Reduced reduced =
        BatchReducer.reduce(
            List.of(
                record("a", Op.CREATE, "a1"),
                record("b", Op.CREATE, "b1"),
                record("a", Op.UPDATE, "a2"),
                record("b", Op.DELETE, null),
                record("c", Op.DELETE, null),
                record("c", Op.CREATE, "c2")));
    assertThat(reduced.upserts())
        .extracting(r -> r.event().after().get("name").asText())
        .containsExactly("a2", "c2");
    assertThat(reduced.deletes()).extracting(ChangeRecord::key).containsExactly("b");
  }

  @Test
  @DisplayName("When nothing repeats then every record is kept in order")
  void keepsDistinctKeys() {
    BatchReducer.Reduced reduced =
        BatchReducer.reduce(List.of(record("x", Op.READ, "1"), record("y", Op.READ, "2")));
    assertThat(reduced.upserts()).extracting(ChangeRecord::key).containsExactly("x", "y");
    assertThat(reduced.deletes()).isEmpty();
  }
}
