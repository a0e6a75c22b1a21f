package io.tributary.source.spi.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.Uuid5;
import io.tributary.common.value.ValueCodec;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UuidOriginalsTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final UUID NAMESPACE = Uuid5.tableNamespace("m", "s", "agents");
  private static final ColumnDef REMAPPED =
      new ColumnDef("id", "TEXT", "id", TargetType.TEXT, 1, false)
          .withTarget(TargetType.UUID, null, null)
          .withRules("id", null, NAMESPACE);
  private static final ColumnDef UUID_KEY =
      new ColumnDef("id", "TEXT", "id", TargetType.UUID, 1, false);

  @Test
  @DisplayName(
      "The legacy key of each uuid5 comes back as capture read it: integers as numbers, text as"
          + " text; a uuid no key was made from has none")
  void legacyKeys() {
    UuidOriginals originals = new UuidOriginals(REMAPPED);
    assertThat(originals.put(NODES.numberNode(42L))).isTrue();
    assertThat(originals.put(NODES.textNode("agent-7"))).isTrue();
    assertThat(originals.put(NODES.numberNode(2.5))).isTrue();
    assertThat(originals.put(NODES.textNode("42"))).as("the same uuid as 42").isFalse();
    assertThat(originals.put(NODES.objectNode().put("a", 1))).as("no uuid").isFalse();
    assertThat(originals.get(Uuid5.of(NAMESPACE, "42"))).contains(NODES.numberNode(42L));
    assertThat(originals.get(Uuid5.of(NAMESPACE, "agent-7"))).contains(NODES.textNode("agent-7"));
    assertThat(originals.get(Uuid5.of(NAMESPACE, "2.5"))).contains(NODES.numberNode(2.5));
    assertThat(originals.get(Uuid5.of(NAMESPACE, "agent-8"))).isEmpty();
    assertThat(originals.size()).isEqualTo(3);
  }

  @Test
  @DisplayName("A SQLite uuid key comes back as the source spells it: upper case, or 16 bytes")
  void uuidSpellings() {
    UUID upper = UUID.randomUUID();
    UUID blob = UUID.randomUUID();
    byte[] bytes =
        ByteBuffer.allocate(16)
            .putLong(blob.getMostSignificantBits())
            .putLong(blob.getLeastSignificantBits())
            .array();
    UuidOriginals originals = new UuidOriginals(UUID_KEY);
    originals.put(NODES.textNode(upper.toString().toUpperCase(Locale.ROOT)));
    originals.put(ValueCodec.toJson(bytes, TargetType.UUID));
    assertThat(originals.get(upper))
        .contains(NODES.textNode(upper.toString().toUpperCase(Locale.ROOT)));
    JsonNode found = originals.get(blob).orElseThrow();
    assertThat(Base64.getDecoder().decode(found.get(ValueCodec.BINARY_FIELD).asText()))
        .isEqualTo(bytes);
  }

  @Test
  @DisplayName("A million keys all come back, in a few dozen bytes each (no object per key)")
  void manyKeys() {
    UuidOriginals originals = new UuidOriginals(REMAPPED);
    int n = 1_000_000;
    for (long i = 0; i < n; i++) {
      originals.put(NODES.numberNode(i));
    }
    for (int i = 0; i < 1_000; i++) {
      originals.put(NODES.textNode("key-" + i));
    }
    assertThat(originals.size()).isEqualTo(n + 1_000);
    for (long i = 0; i < n; i += 997) {
      assertThat(originals.get(Uuid5.of(NAMESPACE, Long.toString(i))))
          .contains(NODES.numberNode(i));
    }
    assertThat(originals.get(Uuid5.of(NAMESPACE, "key-999"))).contains(NODES.textNode("key-999"));
    assertThat(originals.footprint()).isLessThan(50L * n);
  }
}
