package io.tributary.source.postgres.objects;

import static io.tributary.source.postgres.objects.JdbcRows.execute;
import static io.tributary.source.postgres.objects.JdbcRows.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import io.tributary.source.spi.intake.SchemaObject;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A plan that moves one of a source schema's tables to another target schema (Letta's passages go
 * to their own schema): the objects attached to that table — CHECK constraint, trigger, row
 * security and policy, grant, comment — are made in the table's schema, and still find the source
 * schema's function where the rest of the schema went. Before, they were made in the schema's
 * default target and failed ("relation … does not exist"), found by a CI run of LettaMigrationIT.
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresMovedTableObjectsIT {
  private static final String SOURCE =
      """
      DO $$ BEGIN CREATE ROLE pgmove_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL;
        END $$;
      DO $$ BEGIN CREATE ROLE tributary_validator NOLOGIN;
        EXCEPTION WHEN duplicate_object THEN NULL; END $$;
      CREATE SCHEMA pgmove;
      CREATE FUNCTION pgmove.stamp() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN NEW.note := coalesce(NEW.note, '') || '+'; RETURN NEW; END $$;
      CREATE TABLE pgmove.doc (doc_id int PRIMARY KEY, title text);
      CREATE TABLE pgmove.passage (id int PRIMARY KEY, doc_id int, body text NOT NULL,
        note text, CONSTRAINT body_not_blank CHECK (body <> ''));
      CREATE TRIGGER passage_stamp BEFORE INSERT ON pgmove.passage
        FOR EACH ROW EXECUTE FUNCTION pgmove.stamp();
      ALTER TABLE pgmove.passage ENABLE ROW LEVEL SECURITY;
      CREATE POLICY visible ON pgmove.passage FOR SELECT TO pgmove_reader USING (id > 0);
      GRANT SELECT ON pgmove.passage TO pgmove_reader;
      COMMENT ON TABLE pgmove.passage IS 'moved away';
      """;

  private static final String HOME = "pgmove_app";
  private static final String MOVED = "pgmove_vectors";

  @Test
  @DisplayName(
      "Objects of a table the plan moves to another schema are made in that schema, and find the"
          + " source schema's function where the rest went")
  void objectsFollowTheirTable(TestInfrastructure infra) throws Exception {
    String database = infra.createDatabase("pgmove");
    try (Connection jdbc = infra.connect(database)) {
      execute(jdbc, SOURCE);
      PostgresCatalog catalog =
          PostgresCatalogReader.read(jdbc, "m1", "pgmove", Map.of("pgmove", HOME));
      List<TableDef> tables = new ArrayList<>();
      for (TableDef table : catalog.tables()) {
        tables.add(table.sourceTable().equals("passage") ? table.withTargetSchema(MOVED) : table);
      }
      jdbc.setAutoCommit(false);
      for (String statement :
          TableDdlBuilder.provisionIsolated(
              List.of(HOME, MOVED), catalog.enums(), tables, Map.of())) {
        execute(jdbc, statement);
      }
      jdbc.commit();
      jdbc.setAutoCommit(true);
      // the moved table's owner role may use the schema its trigger's function is in (the check
      // the dry run gives for such an object)
      execute(jdbc, "GRANT USAGE ON SCHEMA " + HOME + " TO " + MOVED);

      PostgresObjectReader.Objects objects =
          PostgresObjectReader.read(jdbc, Map.of("pgmove", HOME), tables);
      List<SchemaObject> all = new ArrayList<>(objects.objects());
      all.addAll(objects.grants());
      List<String> made = JdbcRows.make(jdbc, all);
      assertThat(made)
          .contains(
              "function " + HOME + ".stamp()",
              "constraint " + MOVED + ".passage.body_not_blank",
              "trigger " + MOVED + ".passage.passage_stamp",
              "row security " + MOVED + ".passage",
              "policy " + MOVED + ".passage.visible",
              "grant " + MOVED + ".passage to pgmove_reader",
              "comment " + MOVED + ".passage");
      assertThat(all)
          .filteredOn(o -> o.target() != null && o.target().startsWith(MOVED + ".passage.passage"))
          .extracting(SchemaObject::note)
          .singleElement()
          .asString()
          .contains("needs USAGE on that schema for role " + MOVED);

      // the objects work on the moved table
      execute(jdbc, "INSERT INTO " + MOVED + ".passage (id, doc_id, body) VALUES (1, 1, 'x')");
      assertThat(query(jdbc, "SELECT note FROM " + MOVED + ".passage WHERE id = 1"))
          .as("the trigger, calling the function in " + HOME)
          .containsExactly("+");
      assertThatThrownBy(
              () ->
                  execute(
                      jdbc,
                      "INSERT INTO " + MOVED + ".passage (id, doc_id, body) VALUES (2, 1, '')"))
          .as("the CHECK constraint")
          .hasMessageContaining("body_not_blank");
      assertThat(
              query(
                  jdbc,
                  "SELECT relrowsecurity || ' ' || obj_description(c.oid, 'pg_class')"
                      + " || ' ' || has_table_privilege('pgmove_reader', c.oid, 'SELECT')"
                      + " || ' ' || (SELECT string_agg(polname, ',' ORDER BY polname) FROM pg_policy p"
                      + " WHERE p.polrelid = c.oid)"
                      + " FROM pg_class c WHERE c.oid = '"
                      + MOVED
                      + ".passage'::regclass"))
          .as("row security with the source's policy and apply's, the comment, the grant")
          .containsExactly("true moved away true tributary_replication,visible");
    }
  }
}
