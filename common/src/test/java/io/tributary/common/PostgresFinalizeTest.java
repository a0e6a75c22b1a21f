package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.PostgresForeignKey;
import io.tributary.common.catalog.PostgresSequence;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.tributary.common.sql.TableExtras;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What finalize carries over from a PostgreSQL source beyond a SQLite one's: foreign keys as the
 * source declares them (Letta's composite, deferrable blocks_agents -> block(id, label) with its
 * actions) and free-standing sequences (Letta's message_seq_id).
 */
class PostgresFinalizeTest {
  private static final PostgresSequence MESSAGE_SEQ =
      new PostgresSequence(
          "public",
          "message_seq_id",
          "letta_agents",
          "message_seq_id",
          "bigint",
          1,
          1,
          1,
          Long.MAX_VALUE,
          1,
          false);

  private static TableDef table(String name, ColumnDef... columns) {
    return new TableDef(
        "letta", "public", name, "letta_agents", name, "t." + name, List.of(columns));
  }

  private static final TableDef BLOCKS_AGENTS =
      table(
          "blocks_agents",
          new ColumnDef("agent_id", "varchar", "agent_id", TargetType.TEXT, 1, false),
          new ColumnDef("block_id", "varchar", "block_id", TargetType.TEXT, 2, false),
          new ColumnDef("block_label", "varchar", "block_label", TargetType.TEXT, 0, false));

  private static final TableDef MESSAGES =
      table(
          "messages",
          new ColumnDef("id", "varchar", "id", TargetType.TEXT, 1, false),
          new ColumnDef("sequence_id", "bigint", "sequence_id", TargetType.BIGINT, 0, false)
              .withSourceDefault(MESSAGE_SEQ.nextvalDefault()));

  @Test
  @DisplayName(
      "A source foreign key keeps its name, every column, its actions and deferrability; it is"
          + " validated over rows whose columns are all set; a plan key on the same reference is"
          + " not added twice")
  void compositeForeignKey() {
    PostgresForeignKey fk =
        new PostgresForeignKey(
            "fk_block_id_label",
            List.of("block_id", "block_label"),
            "letta_agents",
            "block",
            List.of("id", "label"),
            "CASCADE",
            "CASCADE",
            false,
            true,
            false);
    PostgresForeignKey agent =
        new PostgresForeignKey(
            "blocks_agents_agent_id_fkey",
            List.of("agent_id"),
            "letta_agents",
            "agents",
            List.of("id"),
            "NO ACTION",
            "CASCADE",
            false,
            false,
            false);
    TableExtras planned =
        new TableExtras(
            Map.of(),
            List.of(),
            List.of(),
            List.of(new TableExtras.ForeignKeyDef("agent_id", "letta_agents", "agents", "id")));

    List<FinalizeStep> steps =
        FinalizeStatementBuilder.steps(
            List.of(BLOCKS_AGENTS),
            Map.of("blocks_agents", planned),
            Map.of(),
            Map.of("blocks_agents", List.of(fk, agent)),
            List.of());

    assertThat(steps)
        .filteredOn(s -> s.kind() == FinalizeStep.Kind.FOREIGN_KEY)
        .extracting(FinalizeStep::statement)
        .containsExactly(
            "DO $tributary$ BEGIN ALTER TABLE \"letta_agents\".\"blocks_agents\" ADD CONSTRAINT"
                + " \"fk_block_id_label\" FOREIGN KEY (\"block_id\", \"block_label\") REFERENCES"
                + " \"letta_agents\".\"block\" (\"id\", \"label\") ON UPDATE CASCADE ON DELETE"
                + " CASCADE DEFERRABLE INITIALLY IMMEDIATE NOT VALID; EXCEPTION WHEN"
                + " duplicate_object THEN NULL; END $tributary$",
            "DO $tributary$ BEGIN ALTER TABLE \"letta_agents\".\"blocks_agents\" ADD CONSTRAINT"
                + " \"blocks_agents_agent_id_fkey\" FOREIGN KEY (\"agent_id\") REFERENCES"
                + " \"letta_agents\".\"agents\" (\"id\") ON UPDATE NO ACTION ON DELETE CASCADE"
                + " NOT VALID; EXCEPTION WHEN duplicate_object THEN NULL; END $tributary$");
    FinalizeStep validate =
        steps.stream().filter(s -> s.kind() == FinalizeStep.Kind.VALIDATE).findFirst().get();
    assertThat(validate.statement())
        .isEqualTo(
            "ALTER TABLE \"letta_agents\".\"blocks_agents\" VALIDATE CONSTRAINT"
                + " \"fk_block_id_label\"");
    assertThat(validate.violations())
        .isEqualTo(
            "SELECT count(*) FROM \"letta_agents\".\"blocks_agents\" c WHERE c.\"block_id\" IS NOT"
                + " NULL AND c.\"block_label\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
                + " \"letta_agents\".\"block\" p WHERE p.\"id\" = c.\"block_id\" AND p.\"label\" ="
                + " c.\"block_label\")");
  }

  @Test
  @DisplayName(
      "A free-standing sequence is created with the source's properties (as its schema's role,"
          + " PostgresSourceIntake); the column's default names it; finalize sets it past the highest value drawn")
  void freeStandingSequence() {
    assertThat(MESSAGE_SEQ.createStatement())
        .isEqualTo(
            "CREATE SEQUENCE IF NOT EXISTS \"letta_agents\".\"message_seq_id\" AS bigint INCREMENT"
                + " BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 NO CYCLE");
    assertThat(MESSAGE_SEQ.nextvalDefault())
        .isEqualTo("nextval('\"letta_agents\".\"message_seq_id\"'::regclass)");
    assertThat(PostgresSequence.isNextval("nextval('message_seq_id'::regclass)")).isTrue();
    assertThat(PostgresSequence.isNextval("nextval('a'::regclass) + 1")).isFalse();

    List<FinalizeStep> steps =
        FinalizeStatementBuilder.steps(
            List.of(MESSAGES, BLOCKS_AGENTS), Map.of(), Map.of(), Map.of(), List.of(MESSAGE_SEQ));

    assertThat(steps)
        .filteredOn(s -> s.kind() == FinalizeStep.Kind.DEFAULT)
        .extracting(FinalizeStep::statement)
        .containsExactly(
            "ALTER TABLE \"letta_agents\".\"messages\" ALTER COLUMN \"sequence_id\" SET DEFAULT"
                + " nextval('\"letta_agents\".\"message_seq_id\"'::regclass)");
    assertThat(steps)
        .filteredOn(s -> s.kind() == FinalizeStep.Kind.SEQUENCE)
        .extracting(FinalizeStep::statement)
        .containsExactly(
            "SELECT setval('\"letta_agents\".\"message_seq_id\"'::regclass, greatest((SELECT"
                + " max(\"sequence_id\") FROM \"letta_agents\".\"messages\")))");
  }

  @Test
  @DisplayName(
      "A unique index whose NULLs are not distinct (Letta's tools and identities) keeps NULLS NOT"
          + " DISTINCT on the target; a plain one does not get it")
  void nullsNotDistinct() {
    TableDef tools =
        table(
            "tools",
            new ColumnDef("id", "varchar", "id", TargetType.TEXT, 1, false),
            new ColumnDef(
                "organization_id", "varchar", "organization_id", TargetType.TEXT, 0, true),
            new ColumnDef("project_id", "varchar", "project_id", TargetType.TEXT, 0, true),
            new ColumnDef("name", "varchar", "name", TargetType.TEXT, 0, false));
    List<FinalizeStep> steps =
        FinalizeStatementBuilder.steps(
            List.of(tools),
            Map.of(),
            Map.of(
                "tools",
                List.of(
                    new IndexDef(
                        "tools",
                        "uix_organization_project_name",
                        true,
                        List.of("organization_id", "project_id", "name"),
                        true),
                    new IndexDef("tools", "ix_tools_name", true, List.of("name")))));

    assertThat(steps)
        .filteredOn(s -> s.kind() == FinalizeStep.Kind.UNIQUE)
        .extracting(FinalizeStep::statement)
        .containsExactly(
            "CREATE UNIQUE INDEX IF NOT EXISTS \"tools_organization_id_project_id_name_key\" ON"
                + " \"letta_agents\".\"tools\" (\"organization_id\", \"project_id\", \"name\") NULLS"
                + " NOT DISTINCT",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"tools_name_key\" ON \"letta_agents\".\"tools\""
                + " (\"name\")");
  }

  @Test
  @DisplayName(
      "The roles of schemas a source's per-table rules name are granted to the roles of its own"
          + " schemas, so one application's role reaches all of its tables")
  void satelliteSchemas() {
    assertThat(
            SchemaRoleDdlBuilder.shareWithOwners(
                List.of("letta_agents"), List.of("letta_embeddings")))
        .containsExactly("GRANT \"letta_embeddings\" TO \"letta_agents\"");
    assertThat(SchemaRoleDdlBuilder.shareWithOwners(List.of("a"), List.of())).isEmpty();
  }
}
