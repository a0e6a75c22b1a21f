package io.tributary.source.spi.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.KeyRule;
import io.tributary.common.plan.PlanError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How {@link RowIdentityResolver} chooses what identifies a table's rows. */
class RowIdentityResolverTest {
  private static final String FIELD = "sources[0].tables.blocks_agents";
  private static final String REMEDY = "or list public.blocks_agents under exclude to leave it out";

  private static ColumnDef column(String name, int keyPosition, boolean nullable) {
    return new ColumnDef(name, "varchar", name, TargetType.TEXT, keyPosition, nullable);
  }

  /** Letta's blocks_agents: three NOT NULL columns, no primary key, and a nullable note. */
  private static TableDef blocksAgents() {
    return new TableDef(
        "letta",
        "public",
        "blocks_agents",
        "letta_agents",
        "blocks_agents",
        "tributary.m.letta.public.blocks_agents",
        List.of(
            column("agent_id", 0, false),
            column("block_id", 0, false),
            column("block_label", 0, false),
            column("note", 0, true)));
  }

  private static final List<IndexDef> LETTA_INDEXES =
      List.of(
          new IndexDef(
              "blocks_agents", "unique_label_per_agent", true, List.of("agent_id", "block_label")),
          new IndexDef("blocks_agents", "ix_blocks_agents_block_id", false, List.of("block_id")),
          new IndexDef(
              "blocks_agents", "unique_agent_block", true, List.of("agent_id", "block_id")),
          // unique, but over a nullable column: no identity
          new IndexDef("blocks_agents", "unique_note", true, List.of("note")));

  private static List<String> keyOf(TableDef table) {
    return table.keyColumns().stream().map(ColumnDef::name).toList();
  }

  @Test
  @DisplayName("The primary key wins; the table stays keyed by it, with no index named")
  void primaryKey() {
    TableDef table =
        blocksAgents()
            .withColumns(
                List.of(
                    column("agent_id", 2, false),
                    column("block_id", 1, false),
                    column("note", 0, true)));
    List<PlanError> errors = new ArrayList<>();

    TableDef keyed =
        RowIdentityResolver.resolve(table, LETTA_INDEXES, null, FIELD, REMEDY, null, errors)
            .orElseThrow();

    assertThat(errors).isEmpty();
    assertThat(keyed.rowIdentity()).isEqualTo(RowIdentity.PRIMARY_KEY);
    assertThat(keyed.identityIndex()).isNull();
    assertThat(keyOf(keyed)).containsExactly("block_id", "agent_id");
  }

  @Test
  @DisplayName(
      "Without a primary key: the unique index over NOT NULL columns of fewest columns, then by"
          + " name (Letta's unique_agent_block before unique_label_per_agent); nullable and plain"
          + " indexes are passed over")
  void uniqueIndex() {
    List<PlanError> errors = new ArrayList<>();

    TableDef keyed =
        RowIdentityResolver.resolve(
                blocksAgents(), LETTA_INDEXES, null, FIELD, REMEDY, null, errors)
            .orElseThrow();

    assertThat(errors).isEmpty();
    assertThat(keyed.rowIdentity()).isEqualTo(RowIdentity.UNIQUE);
    assertThat(keyed.rowIdentity().uniqueConstraint()).isTrue();
    assertThat(keyed.identityIndex()).isEqualTo("unique_agent_block");
    assertThat(keyOf(keyed)).containsExactly("agent_id", "block_id");

    TableDef single =
        RowIdentityResolver.resolve(
                blocksAgents(),
                List.of(
                    LETTA_INDEXES.get(0),
                    new IndexDef("blocks_agents", "z_single", true, List.of("block_label"))),
                null,
                FIELD,
                REMEDY,
                null,
                errors)
            .orElseThrow();
    assertThat(single.identityIndex()).isEqualTo("z_single");
    assertThat(keyOf(single)).containsExactly("block_label");
  }

  @Test
  @DisplayName(
      "key.columns names the identity of a keyless table; the unique index over exactly those"
          + " columns (in any order) is recorded, else none")
  void declaredKey() {
    List<PlanError> errors = new ArrayList<>();

    TableDef covered =
        RowIdentityResolver.resolve(
                blocksAgents(),
                LETTA_INDEXES,
                new KeyRule(null, null, List.of("block_label", "agent_id")),
                FIELD,
                REMEDY,
                null,
                errors)
            .orElseThrow();
    TableDef uncovered =
        RowIdentityResolver.resolve(
                blocksAgents(),
                LETTA_INDEXES,
                new KeyRule(null, null, List.of("agent_id", "block_id", "block_label")),
                FIELD,
                REMEDY,
                null,
                errors)
            .orElseThrow();

    assertThat(errors).isEmpty();
    assertThat(covered.rowIdentity()).isEqualTo(RowIdentity.DECLARED);
    assertThat(keyOf(covered)).containsExactly("block_label", "agent_id");
    assertThat(covered.identityIndex()).isEqualTo("unique_label_per_agent");
    assertThat(uncovered.rowIdentity()).isEqualTo(RowIdentity.DECLARED);
    assertThat(keyOf(uncovered)).containsExactly("agent_id", "block_id", "block_label");
    assertThat(uncovered.identityIndex()).isNull();
  }

  @Test
  @DisplayName(
      "key.columns is refused on a table with a primary key, for unknown columns and for nullable"
          + " ones, on the plan's key.columns field")
  void refusedDeclarations() {
    TableDef withKey =
        blocksAgents().withColumns(List.of(column("agent_id", 1, false), column("note", 0, true)));
    List<PlanError> errors = new ArrayList<>();

    Optional<TableDef> keyed =
        RowIdentityResolver.resolve(
            withKey,
            List.of(),
            new KeyRule(null, null, List.of("note")),
            FIELD,
            REMEDY,
            null,
            errors);
    Optional<TableDef> bad =
        RowIdentityResolver.resolve(
            blocksAgents(),
            List.of(),
            new KeyRule(null, null, List.of("agentId", "note")),
            FIELD,
            REMEDY,
            null,
            errors);

    assertThat(keyed).isEmpty();
    assertThat(bad).isEmpty();
    assertThat(errors).extracting(PlanError::field).containsOnly(FIELD + ".key.columns").hasSize(3);
    assertThat(errors)
        .extracting(PlanError::message)
        .containsExactly(
            "blocks_agents has a primary key (agent_id), which identifies its rows; key.columns is"
                + " for tables without one",
            "no column 'agentId' in blocks_agents (it has agent_id, block_id, block_label, note)",
            "column 'note' of blocks_agents may be NULL; a row identity needs NOT NULL columns");
  }

  @Test
  @DisplayName(
      "A table nothing identifies is refused naming it, a NOT NULL column to declare and the"
          + " remedy")
  void nothingIdentifies() {
    List<PlanError> errors = new ArrayList<>();

    Optional<TableDef> keyed =
        RowIdentityResolver.resolve(
            blocksAgents(),
            List.of(LETTA_INDEXES.get(1), LETTA_INDEXES.get(3)),
            null,
            FIELD,
            REMEDY,
            "its columns named rowid, _rowid_ and oid hide the rowid that whole-row capture reads",
            errors);

    assertThat(keyed).isEmpty();
    assertThat(errors)
        .containsExactly(
            new PlanError(
                FIELD + ".key.columns",
                "table public.blocks_agents has no primary key and no UNIQUE index over NOT NULL"
                    + " columns, so nothing identifies its rows (its columns named rowid, _rowid_ and"
                    + " oid hide the rowid that whole-row capture reads): name the NOT NULL columns that identify a"
                    + " row here, e.g. key: {columns: [agent_id]}, "
                    + REMEDY));
  }

  @Test
  @DisplayName(
      "Where the kind captures whole rows, a table nothing else identifies is keyed by all of its"
          + " values: no key columns, every column an identity column, no target constraint")
  void wholeRow() {
    List<PlanError> errors = new ArrayList<>();

    TableDef keyed =
        RowIdentityResolver.resolve(
                blocksAgents(),
                List.of(LETTA_INDEXES.get(1), LETTA_INDEXES.get(3)),
                null,
                FIELD,
                REMEDY,
                null,
                errors)
            .orElseThrow();

    assertThat(errors).isEmpty();
    assertThat(keyed.rowIdentity()).isEqualTo(RowIdentity.WHOLE_ROW);
    assertThat(keyed.wholeRow()).isTrue();
    assertThat(keyed.rowIdentity().uniqueConstraint()).isFalse();
    assertThat(keyed.keyColumns()).isEmpty();
    assertThat(keyed.identityColumns()).isEqualTo(keyed.columns());
    assertThat(keyed.identityIndex()).isNull();
  }
}
