package io.tributary.source.postgres.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.source.spi.intake.SchemaObject;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a PostgreSQL source's intake makes of its full index definitions, grants and extensions
 * (issue 49): finalize steps and the dry run's notes.
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresIntakeSchemaObjectsIT {
  @Test
  @DisplayName(
      "An expression index and a trigram index become finalize index steps with their full"
          + " definitions, a plain one stays a column index, grants become objects made after the"
          + " others, and the extensions needed are named")
  void fullIndexesGrantsAndExtensions(TestInfrastructure infra) throws Exception {
    String database = infra.createDatabase("pgintake");
    try (Connection jdbc = infra.connect(database);
        Statement st = jdbc.createStatement()) {
      st.execute(
          """
          CREATE EXTENSION IF NOT EXISTS pg_trgm;
          DO $$ BEGIN CREATE ROLE pgintake_reader; EXCEPTION WHEN duplicate_object THEN NULL;
            END $$;
          CREATE SCHEMA pgi;
          CREATE TABLE pgi.note (note_id int PRIMARY KEY, title text, rank int);
          CREATE INDEX note_rank ON pgi.note (rank);
          CREATE INDEX note_rank_plus ON pgi.note ((rank + 1));
          CREATE INDEX note_title_trgm ON pgi.note USING gin (title gin_trgm_ops);
          GRANT USAGE ON SCHEMA pgi TO pgintake_reader;
          GRANT SELECT ON pgi.note TO pgintake_reader;
          """);
    }
    SourceSpec source =
        new SourceSpec(
            "app",
            SourceKind.POSTGRES,
            null,
            infra.sourceUrl(database),
            null,
            Map.of("pgi", "pgi_t"),
            Map.of(),
            List.of(),
            null);
    PostgresSourceIntake.Outcome outcome =
        new PostgresSourceIntake(new PostgresSourceConnector(Duration.ofSeconds(10)))
            .read("m1", source, "sources[0]", "schemas");
    assertThat(outcome.errors()).isEmpty();
    assertThat(outcome.catalog().finalizeSteps())
        .filteredOn(s -> s.kind() == FinalizeStep.Kind.INDEX)
        .extracting(FinalizeStep::statement)
        .satisfiesExactly(
            s ->
                assertThat(s)
                    .isEqualTo(
                        "CREATE INDEX IF NOT EXISTS \"note_rank\" ON \"pgi_t\".\"note\""
                            + " (\"rank\")"),
            s ->
                assertThat(s)
                    .endsWith(
                        "; CREATE INDEX IF NOT EXISTS \"note_rank_plus\" ON \"pgi_t\".\"note\""
                            + " USING btree (((rank + 1)))"),
            s ->
                assertThat(s)
                    .endsWith(
                        "; CREATE INDEX IF NOT EXISTS \"note_title_trgm\" ON \"pgi_t\".\"note\""
                            + " USING gin (\"title\" public.gin_trgm_ops)"));
    assertThat(outcome.catalog().finalizeSteps())
        .filteredOn(s -> s.kind() == FinalizeStep.Kind.OBJECT)
        .extracting(FinalizeStep::statement)
        .singleElement()
        .asString()
        .contains(
            "GRANT USAGE ON SCHEMA \"pgi_t\" TO \"pgintake_reader\"; GRANT SELECT ON TABLE"
                + " \"note\" TO \"pgintake_reader\"");
    assertThat(outcome.catalog().notes())
        .contains(
            "index pgi.note.note_title_trgm is made as pgi_t.note.note_title_trgm",
            "grant pgi.note to pgintake_reader is made as pgi_t.note to pgintake_reader; role"
                + " pgintake_reader must exist on the target (finalize reports it otherwise)")
        .contains(
            "extension pg_trgm is made as public.pg_trgm; made where the target database lacks it;"
                + " needed by index pgi.note_title_trgm uses operator class gin_trgm_ops for access"
                + " method gin");
    // the extension is an object of its own, which the orchestrator checks against the target
    assertThat(outcome.catalog().objects())
        .filteredOn(o -> o.kind().equals(SchemaObject.EXTENSION))
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.statements())
                    .containsExactly(
                        "CREATE EXTENSION IF NOT EXISTS \"pg_trgm\" WITH SCHEMA \"public\""));
  }
}
