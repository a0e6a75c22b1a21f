package io.tributary.validator.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.common.value.Uuid5;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.validator.AgentsTable;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RejectedKeysTest {
  private static final UUID NS = Uuid5.tableNamespace("m", "s", "agents");

  private static final TableDef AGENTS = AgentsTable.of("s", NS);

  private static final TableDef ITEMS =
      new TableDef(
          "s",
          "main",
          "items",
          "app",
          "items",
          "t",
          List.of(
              new ColumnDef("shop", "TEXT", "shop", TargetType.TEXT, 1, false),
              new ColumnDef("n", "INTEGER", "n", TargetType.BIGINT, 2, false)));

  @Test
  @DisplayName("A rejected text key matches its remapped uuid5 target key and its source key")
  void remappedKey() {
    RejectedKeys keys = RejectedKeys.of(AGENTS, List.of("{\"id\":\"agent-0007\"}"));
    String target = RowCanonicalizer.canonicalValue(Uuid5.of(NS, "agent-0007"));
    assertThat(keys.targetKey(target)).isTrue();
    assertThat(keys.targetKey(RowCanonicalizer.canonicalValue(Uuid5.of(NS, "agent-0008"))))
        .isFalse();
    assertThat(keys.sourceKey(ChangeEventCodec.MAPPER.createObjectNode().put("id", "agent-0007")))
        .isTrue();
  }

  @Test
  @DisplayName("Composite keys match whatever JSON number type holds their numbers")
  void compositeKey() {
    RejectedKeys keys =
        RejectedKeys.of(ITEMS, Arrays.asList("{\"shop\":\"a\",\"n\":1}", null, "not json"));
    assertThat(keys.size()).isEqualTo(1);
    assertThat(
            keys.sourceKey(
                ChangeEventCodec.MAPPER.createObjectNode().put("shop", "a").put("n", 1L)))
        .isTrue();
    RowDigester digester = RowDigester.of(ITEMS);
    assertThat(keys.targetKey(digester.keyText(Arrays.asList("a", 1L)))).isTrue();
    assertThat(keys.targetKey(digester.keyText(Arrays.asList("a", 2L)))).isFalse();
  }

  @Test
  @DisplayName("No rejects: nothing matches")
  void none() {
    assertThat(RejectedKeys.of(ITEMS, List.of()).isEmpty()).isTrue();
    assertThat(RejectedKeys.none().targetKey("x")).isFalse();
  }
}
