package io.tributary.source.postgres.intake;

import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.spi.intake.SourceIntake;
import java.util.List;

/**
 * The intake of PostgreSQL sources: {@link PostgresSourceIntake} reads the database (connection,
 * wal_level, replication rights, excluded and keyless tables).
 */
public class PostgresKindIntake implements SourceIntake {
  private final PostgresSourceIntake postgres;

  public PostgresKindIntake(PostgresSourceIntake postgres) {
    this.postgres = postgres;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRES;
  }

  @Override
  public SourceCatalog read(
      String migration,
      SourceSpec source,
      SourceSpec submitted,
      String path,
      List<PlanError> errors) {
    // errors about a source schema name the field the plan used
    String schemaField = submitted.schemas().isEmpty() ? "schema" : "schemas";
    PostgresSourceIntake.Outcome outcome = postgres.read(migration, source, path, schemaField);
    errors.addAll(outcome.errors());
    return outcome.catalog();
  }
}
