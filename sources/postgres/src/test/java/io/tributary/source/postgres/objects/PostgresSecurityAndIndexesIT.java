package io.tributary.source.postgres.objects;

import static io.tributary.source.postgres.objects.JdbcRows.execute;
import static io.tributary.source.postgres.objects.JdbcRows.inTransaction;
import static io.tributary.source.postgres.objects.JdbcRows.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import io.tributary.source.postgres.catalog.PostgresConstraintReader;
import io.tributary.source.postgres.extensions.PostgresExtensionCheck;
import io.tributary.source.postgres.extensions.PostgresExtensionReader;
import io.tributary.source.postgres.extensions.RequiredExtension;
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
 * A PostgreSQL source schema's full index definitions, row-level security, privileges and the
 * extensions they need, read and made in another schema of the same database (issue 49), as
 * provisioning (objects) and finalize (indexes) run them.
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresSecurityAndIndexesIT {
  private static final String SOURCE =
      """
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE EXTENSION IF NOT EXISTS citext;
      CREATE EXTENSION IF NOT EXISTS btree_gist;
      DO $$ BEGIN CREATE ROLE pgsec_alice LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
      DO $$ BEGIN CREATE ROLE pgsec_bob LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
      DO $$ BEGIN CREATE ROLE pgsec_tributary LOGIN; EXCEPTION WHEN duplicate_object THEN NULL;
        END $$;
      DO $$ BEGIN CREATE ROLE tributary_validator NOLOGIN;
        EXCEPTION WHEN duplicate_object THEN NULL; END $$;
      CREATE SCHEMA pgsec;
      CREATE TABLE pgsec.book (book_id int PRIMARY KEY, title text NOT NULL, author citext,
        reader text NOT NULL, archived boolean NOT NULL DEFAULT false, shelf int, price numeric,
        body tsvector, code varchar(20));
      CREATE INDEX book_title_trgm ON pgsec.book USING gin (title gin_trgm_ops);
      CREATE INDEX book_body ON pgsec.book USING gist (body);
      CREATE INDEX book_lower_title ON pgsec.book (lower(title)) WHERE NOT archived;
      CREATE INDEX book_shelf_desc ON pgsec.book (shelf DESC NULLS LAST) INCLUDE (price);
      CREATE INDEX book_title_c ON pgsec.book (title COLLATE "C");
      CREATE INDEX book_author ON pgsec.book (author);
      CREATE INDEX book_code ON pgsec.book (code);
      CREATE UNIQUE INDEX book_code_lower ON pgsec.book (lower(code));
      ALTER TABLE pgsec.book ADD CONSTRAINT one_per_shelf EXCLUDE USING gist (shelf WITH =)
        WHERE (NOT archived AND shelf > 100);
      CREATE TABLE pgsec.loan (loan_id int PRIMARY KEY, book_id int, due date,
        returned boolean NOT NULL DEFAULT false);
      CREATE INDEX loan_due ON pgsec.loan USING brin (due);
      CREATE INDEX loan_open ON pgsec.loan (book_id) WHERE NOT returned;
      CREATE INDEX loan_late ON pgsec.loan (book_id) WHERE due > '2020-01-01';
      CREATE FUNCTION pgsec.is_reader(r text) RETURNS boolean LANGUAGE sql STABLE
        AS $$ SELECT r = current_user $$;
      CREATE FUNCTION pgsec.secret() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$;
      REVOKE EXECUTE ON FUNCTION pgsec.secret() FROM PUBLIC;
      REVOKE EXECUTE ON FUNCTION pgsec.is_reader(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION pgsec.is_reader(text) TO pgsec_alice, pgsec_bob;
      GRANT EXECUTE ON FUNCTION pgsec.secret() TO pgsec_alice;
      ALTER TABLE pgsec.book ENABLE ROW LEVEL SECURITY;
      CREATE POLICY readers ON pgsec.book FOR ALL TO PUBLIC USING (pgsec.is_reader(reader));
      CREATE POLICY not_archived ON pgsec.book AS RESTRICTIVE FOR SELECT TO PUBLIC
        USING (NOT archived);
      COMMENT ON POLICY readers ON pgsec.book IS 'each reader sees their own';
      GRANT USAGE ON SCHEMA pgsec TO pgsec_alice, pgsec_bob;
      GRANT SELECT, INSERT ON pgsec.book TO pgsec_alice, pgsec_bob;
      GRANT SELECT ON pgsec.loan TO pgsec_alice WITH GRANT OPTION;
      GRANT SELECT ON pgsec.loan TO PUBLIC;
      GRANT SELECT (loan_id, due), UPDATE (returned) ON pgsec.loan TO pgsec_bob;
      GRANT SELECT (returned) ON pgsec.loan TO pgsec_bob WITH GRANT OPTION;
      GRANT SELECT (title) ON pgsec.book TO PUBLIC;
      """;

  private static final String TARGET = "pgsec_t";

  @Test
  @DisplayName(
      "Indexes keep their access method, operator classes, collations, order, INCLUDE columns,"
          + " expressions and predicates in the target's names; row-level security and policies"
          + " are made and hide no row from apply or the validator while an application role sees"
          + " only its own; grants go to the same roles; the extensions needed are named")
  void securityIndexesAndExtensionsAreCarried(TestInfrastructure infra) throws Exception {
    String database = infra.createDatabase("pgsec");
    try (Connection jdbc = infra.connect(database)) {
      execute(jdbc, SOURCE);
      PostgresCatalog catalog =
          PostgresCatalogReader.read(jdbc, "m1", "pgsec", Map.of("pgsec", TARGET));
      List<TableDef> tables = new ArrayList<>();
      for (TableDef table : catalog.tables()) {
        List<ColumnDef> columns = new ArrayList<>();
        for (ColumnDef column : table.columns()) {
          columns.add(
              column.name().equals("due")
                  ? column.withRules("due_on", column.invalidPolicy(), null)
                  : column);
        }
        tables.add(table.withColumns(columns));
      }
      jdbc.setAutoCommit(false);
      for (String statement :
          TableDdlBuilder.provisionIsolated(List.of(TARGET), catalog.enums(), tables, Map.of())) {
        execute(jdbc, statement);
      }
      jdbc.commit();
      jdbc.setAutoCommit(true);
      execute(
          jdbc,
          "GRANT "
              + SchemaRoleDdlBuilder.applyRole(TARGET)
              + ", tributary_validator"
              + " TO pgsec_tributary");

      // the objects, as provisioning runs them
      PostgresObjectReader.Objects objects =
          PostgresObjectReader.read(jdbc, Map.of("pgsec", TARGET), tables);
      List<SchemaObject> all = new ArrayList<>(objects.objects());
      all.addAll(objects.grants()); // after every object
      List<String> made = JdbcRows.make(jdbc, all);
      assertThat(made)
          .containsSubsequence("function pgsec_t.is_reader(r text)", "policy pgsec_t.book.readers")
          .contains(
              "row security pgsec_t.book",
              "policy pgsec_t.book.not_archived",
              "grant pgsec_t.book to pgsec_alice",
              "grant pgsec_t.loan to pgsec_alice",
              "grant pgsec_t.secret() to PUBLIC",
              "grant pgsec_t.is_reader(r text) to PUBLIC",
              "grant pgsec_t.is_reader(r text) to pgsec_bob",
              "grant pgsec_t.secret() to pgsec_alice",
              "grant pgsec_t.loan (columns) to pgsec_bob");
      assertThat(all)
          .filteredOn(o -> !o.made())
          .extracting(SchemaObject::note)
          .containsExactly(
              "grant pgsec.loan to PUBLIC is not made in the target: the target schema is closed"
                  + " to PUBLIC (each schema's isolation): grant SELECT to the roles that need it",
              "grant pgsec.book (columns) to PUBLIC is not made in the target: the target schema"
                  + " is closed to PUBLIC (each schema's isolation): grant SELECT on its columns to"
                  + " the roles that need it");

      assertThat(objects.roles()).containsExactlyInAnyOrder("pgsec_alice", "pgsec_bob");
      List<String> named = new ArrayList<>(objects.roles());
      named.add("pgsec_ghost");
      assertThat(PostgresTargetRoles.missing(jdbc, named)).containsExactly("pgsec_ghost");

      // apply loads the rows as the schema's apply role, in a session Tributary opened
      String rows =
          "INSERT INTO pgsec_t.book (book_id, title, author, reader, archived, shelf, price, code)"
              + " VALUES (1, 'Alpha', 'Ann', 'pgsec_alice', false, 1, 10, 'a1'),"
              + " (2, 'Beta', 'Bo', 'pgsec_bob', false, 2, 20, 'b2'),"
              + " (3, 'Gamma', 'Cy', 'pgsec_alice', true, 3, 30, 'c3'),"
              + " (4, 'Delta', 'Di', 'nobody', false, 4, 40, 'd4');"
              + " UPDATE pgsec_t.book SET price = price + 1;"
              + " INSERT INTO pgsec_t.loan VALUES (1, 1, '2021-01-01', false)";
      execute(
          jdbc,
          "SET SESSION AUTHORIZATION pgsec_tributary; SET ROLE "
              + SchemaRoleDdlBuilder.applyRole(TARGET)
              + "; "
              + rows);
      assertThat(
              query(
                  jdbc,
                  "SELECT string_agg(book_id || ':' || price, ',' ORDER BY book_id)"
                      + " FROM pgsec_t.book"))
          .as("apply sees and updates every row")
          .containsExactly("1:11,2:21,3:31,4:41");
      execute(jdbc, "RESET ROLE; SET ROLE tributary_validator");
      assertThat(query(jdbc, "SELECT count(*) FROM pgsec_t.book"))
          .as("the validator reads every row")
          .containsExactly("4");
      execute(jdbc, "RESET ROLE; RESET SESSION AUTHORIZATION");

      // the indexes, as finalize builds them: after the load, as the table's owner
      PostgresIndexDefinitions.Indexes indexes =
          PostgresIndexDefinitions.read(jdbc, Map.of("pgsec", TARGET), tables);
      for (FinalizeStep step : indexes.steps()) {
        inTransaction(
            jdbc,
            step.statement(),
            SchemaRoleDdlBuilder.actAsOwnerOf(step.table()) + "; " + step.statement());
      }
      assertThat(indexes.notes())
          .containsExactlyInAnyOrder(
              "index pgsec.book.book_body is made as pgsec_t.book.book_body",
              "index pgsec.book.book_lower_title is made as pgsec_t.book.book_lower_title",
              "index pgsec.book.book_shelf_desc is made as pgsec_t.book.book_shelf_desc",
              "index pgsec.book.book_title_c is made as pgsec_t.book.book_title_c",
              "index pgsec.book.book_title_trgm is made as pgsec_t.book.book_title_trgm",
              "unique index pgsec.book.book_code_lower is made as pgsec_t.book.book_code_lower",
              "index pgsec.loan.loan_due is made as pgsec_t.loan.loan_due",
              "index pgsec.loan.loan_open is made as pgsec_t.loan.loan_open",
              "index pgsec.loan.loan_late is not made in the target: its expressions or predicate"
                  + " may read column due, which the target names due_on: PostgreSQL's"
                  + " definition names the source's (make it by hand)");
      execute(jdbc, "SET search_path = pgsec_t, public");
      assertThat(
              query(
                  jdbc,
                  "SELECT indexname || substring(indexdef from ' USING .*')"
                      + " FROM pg_indexes WHERE schemaname = 'pgsec_t' AND indexname NOT LIKE"
                      + " '%pkey' AND indexname NOT LIKE 'one_per%' ORDER BY 1"))
          .containsExactly(
              "book_body USING gist (body)",
              "book_code_lower USING btree (lower((code)::text))",
              "book_lower_title USING btree (lower(title)) WHERE (NOT archived)",
              "book_shelf_desc USING btree (shelf DESC NULLS LAST) INCLUDE (price)",
              "book_title_c USING btree (title COLLATE \"C\")",
              "book_title_trgm USING gin (title gin_trgm_ops)",
              "loan_due USING brin (due_on)",
              "loan_open USING btree (book_id) WHERE (NOT returned)");
      execute(jdbc, "RESET search_path");
      Map<String, List<IndexDef>> plain =
          PostgresConstraintReader.indexes(jdbc, List.of("pgsec"), tables);
      assertThat(plain.values().stream().flatMap(List::stream).map(IndexDef::name))
          .as("the plain btrees stay IndexDefs; nothing is built twice")
          .containsExactlyInAnyOrder("book_author", "book_code");

      // after the switch: an application role sees only its own rows, not archived ones
      execute(jdbc, "SET SESSION AUTHORIZATION pgsec_alice");
      assertThat(query(jdbc, "SELECT string_agg(title, ',' ORDER BY book_id) FROM pgsec_t.book"))
          .containsExactly("Alpha");
      assertThat(query(jdbc, "SELECT pgsec_t.secret()")).containsExactly("42");
      assertThat(query(jdbc, "SELECT count(*) FROM pgsec_t.loan")).containsExactly("1");
      execute(jdbc, "RESET SESSION AUTHORIZATION; SET SESSION AUTHORIZATION pgsec_bob");
      assertThat(query(jdbc, "SELECT string_agg(title, ',' ORDER BY book_id) FROM pgsec_t.book"))
          .containsExactly("Beta");
      assertThat(
              query(
                  jdbc,
                  "SELECT has_function_privilege('pgsec_t.secret()', 'EXECUTE'),"
                      + " has_table_privilege('pgsec_t.loan', 'SELECT')"))
          .as("PUBLIC's EXECUTE taken away, as on the source; PUBLIC's SELECT not given")
          .containsExactly("f|f");
      assertThat(
              query(
                  jdbc,
                  "SELECT has_column_privilege('pgsec_t.loan', 'due_on', 'SELECT'),"
                      + " has_column_privilege('pgsec_t.loan', 'book_id', 'SELECT'),"
                      + " has_column_privilege('pgsec_t.loan', 'returned', 'UPDATE'),"
                      + " has_column_privilege('pgsec_t.loan', 'returned',"
                      + " 'SELECT WITH GRANT OPTION')"))
          .as("column privileges as on the source, on the target's column names")
          .containsExactly("t|f|t|t");
      assertThat(query(jdbc, "SELECT count(loan_id) FROM pgsec_t.loan WHERE due_on IS NOT NULL"))
          .containsExactly("1");
      execute(jdbc, "RESET SESSION AUTHORIZATION");

      // the source's own reader would see only its rows: named
      execute(jdbc, "SET SESSION AUTHORIZATION pgsec_alice");
      assertThat(PostgresRowSecurityCheck.problems(jdbc, List.of("pgsec"), tables))
          .singleElement()
          .asString()
          .startsWith("table pgsec.book has row-level security on");
      execute(jdbc, "RESET SESSION AUTHORIZATION");
      assertThat(PostgresRowSecurityCheck.problems(jdbc, List.of("pgsec"), tables)).isEmpty();

      // the extensions the migrated objects need, and what needs each
      List<RequiredExtension> extensions =
          PostgresExtensionReader.read(jdbc, List.of("pgsec"), tables);
      assertThat(extensions)
          .extracting(RequiredExtension::name)
          .containsExactly("btree_gist", "citext", "pg_trgm");
      assertThat(extensions.get(1).neededBy())
          .anyMatch(n -> n.startsWith("column author of table pgsec.book uses type citext"));
      assertThat(extensions.get(2).neededBy())
          .anyMatch(n -> n.startsWith("index pgsec.book_title_trgm uses operator class"));
      List<RequiredExtension> wanted = new ArrayList<>(extensions);
      wanted.add(new RequiredExtension("no_such_extension", "public", List.of("x uses y")));
      PostgresExtensionCheck.Outcome check =
          PostgresExtensionCheck.check(jdbc, wanted, List.of("pgsec"));
      assertThat(check.unavailable())
          .extracting(RequiredExtension::name)
          .containsExactly("no_such_extension");
      assertThat(check.statements()).as("the others are installed").isEmpty();
      execute(jdbc, "DROP EXTENSION pg_trgm CASCADE");
      assertThat(PostgresExtensionCheck.check(jdbc, extensions, List.of("pgsec")).statements())
          .containsExactly("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\" WITH SCHEMA \"public\"");
    }
  }
}
