package io.tributary.common.control;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the control schema to the newest version: applies the migrations of {@link
 * ControlSchema#LOCATION} not applied yet, in order, each in its own transaction, under Flyway's
 * advisory lock (services or tests starting together wait for each other). A database made by a
 * Tributary from before versioned migrations (the tables present, no history) is adopted at
 * baseline 0, then migration 1 — whose statements are all idempotent — brings it to shape without
 * touching its rows.
 */
public final class ControlSchemaMigrator {
  private ControlSchemaMigrator() {}

  /**
   * Migrates.
   *
   * @return the version the schema is at now
   * @throws org.flywaydb.core.api.FlywayException when the database cannot be reached or a
   *     migration fails (nothing of a failed migration stays)
   */
  public static int migrate(TargetDatabase target) {
    ClassLoader loader = ControlSchemaMigrator.class.getClassLoader();
    Flyway flyway =
        Flyway.configure(loader)
            .resourceProvider(new ListedMigrations(loader))
            .dataSource(target.jdbcUrl(), target.user(), target.password())
            .schemas(ControlSchema.SCHEMA)
            .table(ControlSchema.HISTORY_TABLE)
            .locations(ControlSchema.LOCATION)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .baselineDescription("control schema made before versioned migrations")
            .validateMigrationNaming(true)
            .load();
    MigrateResult result = flyway.migrate();
    String version = result.targetSchemaVersion;
    if (version == null) {
      version = flyway.info().current().getVersion().getVersion();
    }
    return Integer.parseInt(version);
  }
}
