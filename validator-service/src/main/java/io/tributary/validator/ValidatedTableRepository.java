package io.tributary.validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.MigrationState;
import io.tributary.common.control.TableLoad;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.validate.ValidatedTable;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads, from the control schema, the migrations and the tables there are to validate. */
@ApplicationScoped
public class ValidatedTableRepository {
  static final String TABLES =
      """
      SELECT m.id, s.name, s.kind, s.location, t.source_table, t.topic,
             t.definition::text AS definition,
             %s AS snapshot_done
        FROM tributary.migrations m
        JOIN tributary.sources s ON s.migration_id = m.id
        JOIN tributary.tables t ON t.migration_id = s.migration_id AND t.source_name = s.name
       WHERE m.state = ANY($1) AND ($2::text IS NULL OR m.id = $2::text)
       ORDER BY m.id, s.name, t.source_schema, t.source_table"""
          .formatted(TableLoad.LOADED);

  static final String MIGRATION_STATE = "SELECT state FROM tributary.migrations WHERE id = $1";

  private static final String[] ACTIVE_STATES =
      Arrays.stream(MigrationState.values())
          .filter(MigrationState::isActive)
          .map(Enum::name)
          .toArray(String[]::new);

  /**
   * The states continuous validation runs in: the active ones but {@code CUTTING_OVER} and {@code
   * FALLING_BACK}, whose final validation compares the frozen tables (the freeze touches the source
   * file, so continuous validation would checksum every table again at the same time, for nothing).
   */
  private static final String[] CONTINUOUS_STATES =
      Arrays.stream(ACTIVE_STATES)
          .filter(
              s ->
                  !MigrationState.CUTTING_OVER.name().equals(s)
                      && !MigrationState.FALLING_BACK.name().equals(s))
          .toArray(String[]::new);

  private static final String[] WRITE_BACK_STATES =
      Arrays.stream(MigrationState.values())
          .filter(MigrationState::writesBack)
          .map(Enum::name)
          .toArray(String[]::new);

  private final Pool pool;

  public ValidatedTableRepository(Pool pool) {
    this.pool = pool;
  }

  /** Every table of every active migration, ordered by migration, source and table. */
  public Uni<List<ValidatedTable>> activeTables() {
    return tables(ACTIVE_STATES, null);
  }

  /**
   * Every table continuous validation checks: those of active migrations not being cut over,
   * ordered by migration, source and table.
   */
  public Uni<List<ValidatedTable>> continuousTables() {
    return tables(CONTINUOUS_STATES, null);
  }

  /**
   * Every table of the migrations whose fallback window writes back (CUT_OVER, FALLING_BACK),
   * ordered by migration, source and table: what validation in reverse compares.
   */
  public Uni<List<ValidatedTable>> writtenBackTables() {
    return tables(WRITE_BACK_STATES, null);
  }

  /**
   * The tables of one migration whose fallback window writes back (else none): what its post-switch
   * verification compares.
   */
  public Uni<List<ValidatedTable>> writtenBackTables(String migration) {
    return tables(WRITE_BACK_STATES, migration);
  }

  /** The tables of one migration, if it is active (else none). */
  public Uni<List<ValidatedTable>> activeTables(String migration) {
    return tables(ACTIVE_STATES, migration);
  }

  /**
   * The state of a migration as recorded (possibly a name this version does not know), if it
   * exists.
   */
  public Uni<Optional<String>> state(String migration) {
    return pool.preparedQuery(MIGRATION_STATE)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              var it = rows.iterator();
              return it.hasNext() ? Optional.of(it.next().getString(0)) : Optional.<String>empty();
            });
  }

  /** True when the recorded state is one continuous validation runs in. */
  static boolean isContinuous(String state) {
    return Arrays.asList(CONTINUOUS_STATES).contains(state);
  }

  /** True when the recorded state is one validation runs in. */
  public static boolean isActive(String state) {
    return Arrays.asList(ACTIVE_STATES).contains(state);
  }

  private Uni<List<ValidatedTable>> tables(String[] states, String migration) {
    return pool.preparedQuery(TABLES)
        .execute(Tuple.of(states, migration))
        .map(
            rows -> {
              List<ValidatedTable> tables = new ArrayList<>();
              for (Row row : rows) {
                tables.add(toTable(row));
              }
              return tables;
            });
  }

  private static ValidatedTable toTable(Row row) {
    TableDef definition = null;
    String problem = null;
    try {
      definition = ChangeEventCodec.MAPPER.readValue(row.getString("definition"), TableDef.class);
      if (definition.columns().isEmpty()) {
        problem = "the recorded table definition has no columns";
        definition = null;
      }
    } catch (JsonProcessingException | RuntimeException e) {
      problem = "the recorded table definition cannot be read: " + e.getMessage();
    }
    return new ValidatedTable(
        row.getString("id"),
        row.getString("name"),
        SourceKind.fromPlanName(row.getString("kind")).orElse(null),
        row.getString("location"),
        row.getString("source_table"),
        row.getString("topic"),
        definition,
        problem,
        row.getBoolean("snapshot_done"));
  }
}
