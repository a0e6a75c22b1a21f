package io.tributary.common.control;

/**
 * The control schema {@code tributary} in the target database: migrations, their tables and
 * catalogs, apply offsets, the audit log, validations, rejects and cutovers. Its DDL is a series of
 * versioned migrations, {@code db/tributary/V<n>__<what>.sql} in common's resources (listed in
 * {@code db/tributary/migrations.txt}), applied by {@link ControlSchemaMigrator} (Flyway) — by
 * orchestrator-service at startup, and by the tests' fixtures; cdc-service and validator-service
 * never change it: they wait ({@link ControlSchemaWait}) until it is at {@link #REQUIRED_VERSION}.
 */
public final class ControlSchema {
  /** The schema. */
  public static final String SCHEMA = "tributary";

  /** Where the migrations are. */
  public static final String LOCATION = "classpath:db/tributary";

  /** Flyway's history of the applied migrations, in {@link #SCHEMA}. */
  public static final String HISTORY_TABLE = "flyway_schema_history";

  /**
   * The highest migration: the version every service of this build needs. Raise it with every new
   * migration.
   */
  public static final int REQUIRED_VERSION = 19;

  /** The highest migration applied successfully (null when none; the baseline counts as 0). */
  public static final String CURRENT_VERSION =
      "SELECT max(version::int) FROM "
          + SCHEMA
          + "."
          + HISTORY_TABLE
          + " WHERE success AND version ~ '^[0-9]+$'";

  private ControlSchema() {}
}
