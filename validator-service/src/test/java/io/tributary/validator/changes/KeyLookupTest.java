package io.tributary.validator.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.Uuid5;
import io.tributary.source.spi.validate.KeyLookup;
import io.tributary.validator.AgentsTable;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyLookupTest {
  /** Source names differ from target names, as a plan's renames make them. */
  static final TableDef TAGS =
      new TableDef(
          "app",
          "main",
          "tags",
          "app",
          "tags",
          "t",
          List.of(
              new ColumnDef("agent", "TEXT", "agent_id", TargetType.TEXT, 1, false),
              new ColumnDef("n", "INTEGER", "n", TargetType.BIGINT, 2, false),
              new ColumnDef("note", "TEXT", "note", TargetType.TEXT, 0, true)));

  static ObjectNode key(String json) throws Exception {
    return (ObjectNode) ChangeEventCodec.MAPPER.readTree(json);
  }

  @Test
  @DisplayName("The keys become one JSON parameter, key columns in key order, by source names")
  void parameter() throws Exception {
    assertThat(
            KeyLookup.parameter(
                TAGS,
                List.of(
                    key("{\"n\":2,\"agent\":\"a\"}"),
                    key("{\"agent\":\"b\",\"n\":10000000000}"),
                    key("{\"agent\":\"c\"}"))))
        .isEqualTo("[[\"a\",2],[\"b\",10000000000]]");
  }

  @Test
  @DisplayName(
      "Rows are looked up by key only when the table has a plain or remapped key: not whole rows,"
          + " not a type whose JSON is not the value")
  void supported() throws Exception {
    assertThat(KeyLookup.unsupported(TAGS, KeyLookup.PLAIN)).isNull();
    TableDef timeKey =
        new TableDef(
            "app",
            "main",
            "events",
            "app",
            "events",
            "t",
            List.of(
                new ColumnDef("at", "TIMESTAMP", "at", TargetType.TIMESTAMPTZ, 1, false),
                new ColumnDef("what", "TEXT", "what", TargetType.TEXT, 0, true)));
    assertThat(KeyLookup.unsupported(timeKey, KeyLookup.POSTGRES))
        .isEqualTo("key column at is timestamp with time zone");
    TableDef uuidKey =
        new TableDef(
            "app",
            "public",
            "docs",
            "app",
            "docs",
            "t",
            List.of(new ColumnDef("id", "uuid", "id", TargetType.UUID, 1, false)));
    assertThat(KeyLookup.unsupported(uuidKey, KeyLookup.POSTGRES)).isNull();
    assertThat(KeyLookup.unsupported(uuidKey, KeyLookup.PLAIN)).contains("uuid");
    // SQLite: a uuid key declared as text is looked up as its text; a BLOB one is not
    TableDef textUuid =
        new TableDef(
            "app",
            "main",
            "tasks",
            "app",
            "tasks",
            "t",
            List.of(new ColumnDef("id", "TEXT", "id", TargetType.UUID, 1, false)));
    assertThat(KeyLookup.unsupportedInSqlite(textUuid)).isNull();
    assertThat(
            KeySignature.ofSourceKey(
                textUuid, key("{\"id\":\"0B0E3A4E-2F4C-4E53-9C1A-6D3F1E2A9B10\"}")))
        .isEqualTo(
            KeySignature.ofTargetKey(
                textUuid, key("{\"id\":\"0b0e3a4e-2f4c-4e53-9c1a-6d3f1e2a9b10\"}")));
    TableDef blobUuid =
        new TableDef(
            "app",
            "main",
            "tasks",
            "app",
            "tasks",
            "t",
            List.of(new ColumnDef("id", "BLOB", "id", TargetType.UUID, 1, false)));
    assertThat(KeyLookup.unsupportedInSqlite(blobUuid)).contains("uuid");
    assertThat(KeyLookup.unsupportedInSqlite(timeKey)).contains("timestamp");
  }

  @Test
  @DisplayName(
      "A change's key (source names) and a listed difference's key (target names) have one"
          + " signature, whatever the JSON number's width")
  void signature() throws Exception {
    String fromChange = KeySignature.ofSourceKey(TAGS, key("{\"agent\":\"a\",\"n\":2}"));
    String fromDifference = KeySignature.ofTargetKey(TAGS, key("{\"n\":2,\"agent_id\":\"a\"}"));
    assertThat(fromChange).isEqualTo(fromDifference);
    ObjectNode wide = ChangeEventCodec.MAPPER.createObjectNode();
    wide.put("agent", "a");
    wide.put("n", 2L);
    assertThat(KeySignature.ofSourceKey(TAGS, wide)).isEqualTo(fromChange);
    assertThat(KeySignature.ofSourceKey(TAGS, key("{\"agent\":\"a\",\"n\":3}")))
        .isNotEqualTo(fromChange);
    assertThat(KeySignature.ofSourceKey(TAGS, key("{\"agent\":\"a\"}"))).isNull();
  }

  /** Text ids remapped to uuid5 (seed 002's agents). */
  static final TableDef AGENTS =
      AgentsTable.of("app", UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"));

  @Test
  @DisplayName(
      "A remapped key is looked up as captured on the source and as its uuid5 on the target; a"
          + " change's key and a listed difference's key have one signature")
  void remapped() throws Exception {
    assertThat(KeyLookup.unsupported(AGENTS, KeyLookup.PLAIN)).isNull();
    assertThat(KeyLookup.unsupported(AGENTS, KeyLookup.POSTGRES)).isNull();
    List<ObjectNode> keys =
        List.of(
            key("{\"id\":\"agent-3\"}"),
            key("{\"id\":\"0b0e3a4e-2f4c-4e53-9c1a-6d3f1e2a9b10\"}"),
            key("{\"id\":7}"));
    assertThat(KeyLookup.parameter(AGENTS, keys))
        .isEqualTo("[[\"agent-3\"],[\"0b0e3a4e-2f4c-4e53-9c1a-6d3f1e2a9b10\"],[7]]");
    UUID agent3 = Uuid5.remap(AGENTS.keyColumns().get(0).remap(), "agent-3");
    UUID seven = Uuid5.remap(AGENTS.keyColumns().get(0).remap(), "7");
    assertThat(KeyLookup.targetParameter(AGENTS, keys))
        .isEqualTo(
            "[[\""
                + agent3
                + "\"],[\"0b0e3a4e-2f4c-4e53-9c1a-6d3f1e2a9b10\"],[\""
                + seven
                + "\"]]");
    assertThat(KeyLookup.targetParameter(AGENTS, List.of(key("{\"id\":{\"a\":1}}"))))
        .isEqualTo("[]");
    assertThat(KeySignature.ofSourceKey(AGENTS, key("{\"id\":\"agent-3\"}")))
        .isEqualTo(KeySignature.ofTargetKey(AGENTS, key("{\"id\":\"" + agent3 + "\"}")));
  }
}
