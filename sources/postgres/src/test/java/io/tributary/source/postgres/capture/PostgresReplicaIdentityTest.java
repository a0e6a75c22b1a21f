package io.tributary.source.postgres.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link PostgresCaptureInstaller#identityStatement} makes of a table's replica identity. */
class PostgresReplicaIdentityTest {
  private static TableDef table(boolean primaryKey) {
    return new TableDef(
        "letta",
        "public",
        "tools_agents",
        "letta_agents",
        "tools_agents",
        "tributary.m.letta.public.tools_agents",
        List.of(
            new ColumnDef(
                "agent_id", "varchar", "agent_id", TargetType.TEXT, primaryKey ? 1 : 0, false),
            new ColumnDef(
                "tool_id", "varchar", "tool_id", TargetType.TEXT, primaryKey ? 2 : 0, false)));
  }

  private static final List<String> KEY = List.of("agent_id", "tool_id");

  @Test
  @DisplayName(
      "A table keyed by its primary key keeps the default identity unless it has TOASTable columns")
  void primaryKey() {
    TableDef keyed = table(true).withIdentity(RowIdentity.PRIMARY_KEY, KEY, null);
    assertThat(PostgresCaptureInstaller.identityStatement(keyed, "d", false)).isNull();
    assertThat(PostgresCaptureInstaller.identityStatement(keyed, "d", true))
        .isEqualTo("ALTER TABLE \"public\".\"tools_agents\" REPLICA IDENTITY FULL");
    // a table recorded before identities existed (identity null) is keyed by its primary key
    assertThat(PostgresCaptureInstaller.identityStatement(table(true), "d", false)).isNull();
  }

  @Test
  @DisplayName(
      "A table without a primary key keyed by a unique index gets REPLICA IDENTITY USING INDEX;"
          + " with TOASTable columns FULL, which logs the key columns too")
  void uniqueIndex() {
    TableDef keyed = table(false).withIdentity(RowIdentity.UNIQUE, KEY, "unique_agent_tool");
    assertThat(PostgresCaptureInstaller.identityStatement(keyed, "d", false))
        .isEqualTo(
            "ALTER TABLE \"public\".\"tools_agents\" REPLICA IDENTITY USING INDEX"
                + " \"unique_agent_tool\"");
    assertThat(PostgresCaptureInstaller.identityStatement(keyed, "d", true))
        .isEqualTo("ALTER TABLE \"public\".\"tools_agents\" REPLICA IDENTITY FULL");
  }

  @Test
  @DisplayName(
      "Columns the plan declares: USING INDEX when a unique index covers exactly them, else FULL")
  void declaredKey() {
    TableDef covered = table(false).withIdentity(RowIdentity.DECLARED, KEY, "unique_agent_tool");
    assertThat(PostgresCaptureInstaller.identityStatement(covered, "d", false))
        .endsWith("REPLICA IDENTITY USING INDEX \"unique_agent_tool\"");
    TableDef uncovered = table(false).withIdentity(RowIdentity.DECLARED, KEY, null);
    assertThat(PostgresCaptureInstaller.identityStatement(uncovered, "d", false))
        .isEqualTo("ALTER TABLE \"public\".\"tools_agents\" REPLICA IDENTITY FULL");
  }

  @Test
  @DisplayName(
      "An identity the operator chose (FULL, an index, NOTHING) is left alone, so nothing is"
          + " restored over it")
  void nonDefaultIdentityIsKept() {
    TableDef keyed = table(false).withIdentity(RowIdentity.UNIQUE, KEY, "unique_agent_tool");
    for (String identity : List.of("f", "i", "n")) {
      assertThat(PostgresCaptureInstaller.identityStatement(keyed, identity, true))
          .as(identity)
          .isNull();
      assertThat(PostgresCaptureInstaller.identityStatement(keyed, identity, false))
          .as(identity)
          .isNull();
    }
  }
}
