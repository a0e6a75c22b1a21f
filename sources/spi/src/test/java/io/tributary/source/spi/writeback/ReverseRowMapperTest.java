package io.tributary.source.spi.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.Op;
import io.tributary.common.value.Uuid5;
import io.tributary.common.value.ValueCastException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReverseRowMapperTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final UUID USERS = Uuid5.tableNamespace("m", "s", "users");

  private static final TableDef USERS_TABLE =
      new TableDef(
          "s",
          "main",
          "users",
          "app",
          "users",
          "t.users",
          List.of(
              new ColumnDef("id", "INTEGER", "id", TargetType.UUID, 1, false)
                  .withRules("id", null, USERS),
              new ColumnDef("full_name", "TEXT", "name", TargetType.TEXT, 0, true),
              new ColumnDef("bio", "TEXT", "bio", TargetType.TEXT, 0, true)));

  private static final TableDef POSTS =
      new TableDef(
          "s",
          "main",
          "posts",
          "app",
          "posts",
          "t.posts",
          List.of(
              new ColumnDef("id", "TEXT", "id", TargetType.TEXT, 1, false),
              new ColumnDef("author", "INTEGER", "author", TargetType.UUID, 0, true)
                  .withRules("author", null, USERS)));

  /** Source keys in memory, counting the reads. */
  private static final class Keys implements SourceKeys {
    final List<String> reads = new ArrayList<>();

    @Override
    public void read(TableDef table, ColumnDef column, Consumer<JsonNode> values) {
      reads.add(table.sourceTable() + "." + column.name());
      for (long id = 1; id <= 3; id++) {
        values.accept(NODES.numberNode(id));
      }
    }

    @Override
    public boolean holdsUuids(ColumnDef column) {
      return false;
    }
  }

  private final Keys keys = new Keys();
  private final ReverseRowMapper mapper =
      new ReverseRowMapper(new KeyOriginals("m", "s", List.of(USERS_TABLE, POSTS), keys));

  private static String user(long id) {
    return Uuid5.of(USERS, Long.toString(id)).toString();
  }

  private static Map<String, JsonNode> row(Object... pairs) {
    Map<String, JsonNode> row = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      Object v = pairs[i + 1];
      row.put(
          (String) pairs[i],
          v instanceof Long l ? NODES.numberNode(l) : NODES.textNode((String) v));
    }
    return row;
  }

  @Test
  @DisplayName(
      "Columns go under their source names, the plan's added columns and the columns the WAL"
          + " did not carry are left out, and uuid5 keys get their originals, read once")
  void mapsARow() throws Exception {
    SourceChange change =
        mapper.map(
            new ReverseChange(
                USERS_TABLE,
                Op.UPDATE,
                Map.of(),
                row("id", user(2), "name", "Ada", "added_by_plan", "x"),
                "0/1"));
    assertThat(change.after())
        .extracting(v -> v.column().name())
        .containsExactly("id", "full_name");
    assertThat(change.after().get(0).original()).isEqualTo(NODES.numberNode(2L));
    assertThat(change.after().get(1).original()).isNull();
    assertThat(change.identity())
        .extracting(SourceValue::original)
        .containsExactly(NODES.numberNode(2L));
    assertThat(change.keyChanged()).isFalse();

    SourceChange post =
        mapper.map(
            new ReverseChange(
                POSTS, Op.CREATE, Map.of(), row("id", "p1", "author", user(3)), "0/2"));
    assertThat(post.after().get(1).original()).isEqualTo(NODES.numberNode(3L));
    assertThat(keys.reads).containsExactly("users.id");
  }

  @Test
  @DisplayName(
      "A uuid no key was made from goes back as its text; an update that moves the key finds the"
          + " row by its old key")
  void newRowsAndMovedKeys() throws Exception {
    String created = UUID.randomUUID().toString();
    SourceChange post =
        mapper.map(
            new ReverseChange(
                POSTS, Op.CREATE, Map.of(), row("id", "p2", "author", created), "0/3"));
    assertThat(post.after().get(1).original()).isEqualTo(NODES.textNode(created));

    SourceChange moved =
        mapper.map(
            new ReverseChange(
                USERS_TABLE,
                Op.UPDATE,
                row("id", user(1)),
                row("id", user(3), "name", "Moved"),
                "0/4"));
    assertThat(moved.keyChanged()).isTrue();
    assertThat(moved.identity().get(0).original()).isEqualTo(NODES.numberNode(1L));
    assertThat(moved.afterKey().get(0).original()).isEqualTo(NODES.numberNode(3L));
  }

  @Test
  @DisplayName("A change that names no row is refused with why")
  void refusals() {
    assertThatThrownBy(
            () -> mapper.map(new ReverseChange(POSTS, Op.DELETE, Map.of(), Map.of(), "0/5")))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("key column 'id'");
    TableDef keyless = POSTS.withIdentity(RowIdentity.WHOLE_ROW, List.of(), null);
    assertThatThrownBy(
            () -> mapper.map(new ReverseChange(keyless, Op.DELETE, Map.of(), Map.of(), "0/6")))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("replica identity must be FULL");
    assertThatThrownBy(
            () ->
                mapper.map(
                    new ReverseChange(
                        POSTS, Op.CREATE, Map.of(), row("id", "p3", "author", "nope"), "0/7")))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("column 'author'");
  }
}
