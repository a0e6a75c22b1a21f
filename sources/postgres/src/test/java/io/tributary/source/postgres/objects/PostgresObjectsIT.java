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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A PostgreSQL source schema's functions, aggregates, views, materialized views, triggers, rules
 * and comments, read and made in another schema of the same database (issue 49): each works there
 * as it does in the source, against the target's own tables, and the triggers and rules do not fire
 * for a session writing as a replica (apply).
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresObjectsIT {
  private static final String SOURCE =
      """
      CREATE SCHEMA shop;
      CREATE TABLE shop.film (film_id int PRIMARY KEY, title text NOT NULL,
        rental_rate numeric(4,2), last_update timestamptz NOT NULL DEFAULT now());
      CREATE TABLE shop.archive (film_id int PRIMARY KEY, title text);
      CREATE FUNCTION shop.sensible(rate numeric) RETURNS boolean LANGUAGE sql IMMUTABLE
        AS $$ SELECT rate BETWEEN 0 AND 99 $$;
      ALTER TABLE shop.film ADD CONSTRAINT sensible_rate CHECK (shop.sensible(rental_rate));
      ALTER TABLE shop.film ADD CONSTRAINT titled CHECK (title <> '');
      CREATE TABLE shop.not_migrated (id int PRIMARY KEY);
      CREATE FUNCTION shop.last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.last_update := '2000-01-01 00:00:00+00'; RETURN NEW; END $$;
      CREATE TRIGGER last_updated BEFORE UPDATE ON shop.film
        FOR EACH ROW EXECUTE FUNCTION shop.last_updated();
      CREATE TRIGGER stamped BEFORE INSERT ON shop.not_migrated
        FOR EACH ROW EXECUTE FUNCTION shop.last_updated();
      -- a body that names its schema, and one that sets its search path to it
      CREATE FUNCTION shop.film_count(min_rate numeric) RETURNS bigint LANGUAGE plpgsql AS $$
      BEGIN RETURN (SELECT count(*) FROM shop.film WHERE rental_rate >= min_rate); END $$;
      CREATE FUNCTION shop.with_path() RETURNS bigint LANGUAGE sql SET search_path = shop
        AS $$ SELECT count(*) FROM film $$;
      CREATE FUNCTION shop.dynamic() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE n bigint; BEGIN EXECUTE 'SELECT count(*) FROM shop.film' INTO n; RETURN n; END $$;
      CREATE VIEW shop.cheap_films AS SELECT film_id, title FROM shop.film WHERE rental_rate < 1;
      CREATE VIEW shop.cheap_titles AS SELECT upper(title) AS t FROM shop.cheap_films;
      CREATE MATERIALIZED VIEW shop.rate_totals AS
        SELECT rental_rate, count(*) AS n FROM shop.film GROUP BY rental_rate;
      CREATE UNIQUE INDEX rate_totals_rate ON shop.rate_totals (rental_rate);
      CREATE FUNCTION shop.concat_step(text, text) RETURNS text LANGUAGE sql IMMUTABLE
        AS $$ SELECT coalesce($1 || ',', '') || $2 $$;
      CREATE AGGREGATE shop.concat_all(text) (SFUNC = shop.concat_step, STYPE = text);
      CREATE RULE no_untitled AS ON INSERT TO shop.archive WHERE NEW.title IS NULL
        DO INSTEAD NOTHING;
      COMMENT ON TABLE shop.film IS 'films';
      COMMENT ON COLUMN shop.film.title IS 'the title';
      COMMENT ON VIEW shop.cheap_films IS 'cheap ones';
      COMMENT ON FUNCTION shop.film_count(numeric) IS 'counts';
      INSERT INTO shop.film VALUES (1, 'alpha', 0.99, now()), (2, 'beta', 2.99, now()),
        (3, 'gamma', 0.49, now());
      """;

  @Test
  @DisplayName(
      "A source schema's functions, aggregates, views, materialized views, triggers, rules and"
          + " comments are made in the target schema in dependency order and work there against"
          + " the target's tables; a trigger or rule of a table not migrated is named, not made")
  void objectsAreMadeInTheTargetSchemaAndWorkThere(TestInfrastructure infra) throws Exception {
    String database = infra.createDatabase("pgobjects");
    try (Connection jdbc = infra.connect(database)) {
      execute(jdbc, SOURCE);
      // the role the control schema's migrations make, which provisioning grants reads to
      execute(
          jdbc,
          "DO $$ BEGIN CREATE ROLE tributary_validator NOLOGIN;"
              + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
      PostgresCatalog catalog =
          PostgresCatalogReader.read(jdbc, "m1", "shop", Map.of("shop", "store"));
      List<TableDef> tables =
          catalog.tables().stream().filter(t -> !t.sourceTable().equals("not_migrated")).toList();
      // in one transaction, as provisioning runs it (its SET LOCAL ROLE makes the owner's tables)
      jdbc.setAutoCommit(false);
      for (String statement :
          TableDdlBuilder.provisionIsolated(List.of("store"), catalog.enums(), tables, Map.of())) {
        execute(jdbc, statement);
      }
      jdbc.commit();
      jdbc.setAutoCommit(true);
      // the target's rows differ from the source's: a function still reading the source would
      // give the source's answer
      execute(
          jdbc,
          "INSERT INTO store.film (film_id, title, rental_rate, last_update)"
              + " SELECT film_id, title, rental_rate, last_update FROM shop.film;"
              + " INSERT INTO store.film (film_id, title, rental_rate, last_update)"
              + " VALUES (4, 'delta', 0.25, now())");

      PostgresObjectReader.Objects objects =
          PostgresObjectReader.read(jdbc, Map.of("shop", "store"), tables);
      List<String> made = JdbcRows.make(jdbc, objects.objects());
      assertThat(made)
          .as("what each needs is made before it")
          .containsSubsequence("function store.last_updated()", "trigger store.film.last_updated")
          .containsSubsequence("view store.cheap_films", "view store.cheap_titles")
          .containsSubsequence(
              "function store.concat_step(text, text)", "aggregate store.concat_all(text)")
          .containsSubsequence(
              "function store.sensible(rate numeric)", "constraint store.film.sensible_rate")
          .contains("constraint store.film.titled");
      assertThat(objects.objects())
          .filteredOn(o -> !o.made())
          .extracting(SchemaObject::note)
          .containsExactly(
              "trigger shop.not_migrated.stamped is not made in the target: its table"
                  + " shop.not_migrated is not migrated");
      assertThat(objects.objects())
          .filteredOn(o -> o.source().equals("shop.dynamic()"))
          .extracting(SchemaObject::check)
          .singleElement()
          .asString()
          .contains("names a source schema");
      assertThat(
              query(
                  jdbc,
                  "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid ="
                      + " 'store.cheap_films'::regclass"))
          .as("made as the schema's owner role")
          .containsExactly("store");

      assertThat(query(jdbc, "SELECT title FROM store.cheap_films ORDER BY film_id"))
          .containsExactly("alpha", "gamma", "delta");
      assertThat(query(jdbc, "SELECT t FROM store.cheap_titles ORDER BY t"))
          .containsExactly("ALPHA", "DELTA", "GAMMA");
      assertThat(query(jdbc, "SELECT store.film_count(0)"))
          .as("its body's shop.film now reads store.film")
          .containsExactly("4");
      assertThat(query(jdbc, "SELECT store.with_path()"))
          .as("its search path is the target schema")
          .containsExactly("4");
      assertThat(query(jdbc, "SELECT store.concat_all(title ORDER BY film_id) FROM store.film"))
          .containsExactly("alpha,beta,gamma,delta");
      execute(jdbc, PostgresObjectStatements.refresh(objects.refreshes().get(0)));
      assertThat(query(jdbc, "SELECT n FROM store.rate_totals WHERE rental_rate = 0.25"))
          .containsExactly("1");
      assertThat(
              query(
                  jdbc,
                  "SELECT indexname FROM pg_indexes WHERE schemaname = 'store'"
                      + " AND tablename = 'rate_totals'"))
          .containsExactly("rate_totals_rate");
      assertThat(
              query(
                  jdbc,
                  "SELECT obj_description('store.film'::regclass, 'pg_class'),"
                      + " col_description('store.film'::regclass, 2),"
                      + " obj_description('store.cheap_films'::regclass, 'pg_class'),"
                      + " obj_description('store.film_count(numeric)'::regprocedure, 'pg_proc')"))
          .containsExactly("films|the title|cheap ones|counts");

      // the checks hold on the target, calling the target's function
      assertThat(
              query(
                  jdbc,
                  "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                      + " WHERE conrelid = 'store.film'::regclass AND contype = 'c' ORDER BY 1"))
          .containsExactly(
              "sensible_rate|CHECK (store.sensible(rental_rate))",
              "titled|CHECK ((title <> ''::text))");
      assertThatThrownBy(
              () -> execute(jdbc, "UPDATE store.film SET rental_rate = -1 WHERE film_id = 2"))
          .hasMessageContaining("sensible_rate");

      // the rule and the trigger act for the application's writes, not for a replica's (apply)
      execute(jdbc, "INSERT INTO store.archive (film_id, title) VALUES (1, NULL)");
      assertThat(query(jdbc, "SELECT count(*) FROM store.archive")).containsExactly("0");
      execute(
          jdbc,
          "BEGIN; SET LOCAL session_replication_role = replica;"
              + " INSERT INTO store.archive (film_id, title) VALUES (2, NULL);"
              + " UPDATE store.film SET title = 'ALPHA' WHERE film_id = 1; COMMIT");
      assertThat(query(jdbc, "SELECT count(*) FROM store.archive")).containsExactly("1");
      assertThat(query(jdbc, "SELECT last_update > '2000-01-01' FROM store.film WHERE film_id = 1"))
          .containsExactly("t");
      execute(jdbc, "UPDATE store.film SET title = 'Alpha' WHERE film_id = 1");
      assertThat(
              query(
                  jdbc,
                  "SELECT last_update = '2000-01-01 00:00:00+00' FROM store.film WHERE film_id = 1"))
          .as("the trigger fired for the application's update")
          .containsExactly("t");
    }
  }
}
