package io.tributary.cdc.fallback;

import io.smallrye.mutiny.Uni;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.MigrationState;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.writeback.WriteBack;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write-back's reads and writes of the control schema: which fallback windows are open (the
 * migration CUT_OVER or FALLING_BACK, the window's slot made and its switch position known, not
 * closed), their sources, and how far each got ({@code tributary.fallback_windows}, {@code
 * reverse_changed_keys}, {@code reverse_rejects}).
 */
@ApplicationScoped
public class FallbackWindowRepository {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  static final String OPEN_WINDOWS =
      """
      SELECT w.migration_id, w.slot_name, w.publication_name, w.switch_lsn::text AS switch_lsn,
             w.window_ends_at::text AS window_ends_at
        FROM tributary.fallback_windows w
        JOIN tributary.migrations m ON m.id = w.migration_id
       WHERE m.state = ANY($1) AND w.closed_at IS NULL AND w.switch_lsn IS NOT NULL
       ORDER BY w.migration_id""";

  static final String SOURCES =
      """
      SELECT s.name, s.kind, s.location, s.target_schema,
             coalesce(json_agg(t.definition ORDER BY t.topic) FILTER (WHERE t.topic IS NOT NULL), '[]')::text
               AS tables
        FROM tributary.sources s
        LEFT JOIN tributary.tables t ON t.migration_id = s.migration_id AND t.source_name = s.name
       WHERE s.migration_id = $1
       GROUP BY s.name, s.kind, s.location, s.target_schema
       ORDER BY s.name""";

  static final String PROGRESS =
      """
      UPDATE tributary.fallback_windows
         SET applied_lsn = greatest(applied_lsn, $2::text::pg_lsn), applied_at = now(),
             applied_changes = applied_changes + $3,
             applied_fence = greatest(applied_fence, $4), error = NULL, error_at = NULL
       WHERE migration_id = $1""";

  static final String CHANGED_KEYS =
      """
      INSERT INTO tributary.reverse_changed_keys (migration_id, source_name, source_table, row_key, lsn)
      SELECT $1, s, t, k, l::pg_lsn FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(s, t, k, l)
      ON CONFLICT (migration_id, source_name, source_table, row_key) DO UPDATE SET lsn = excluded.lsn""";

  static final String REJECTS =
      """
      INSERT INTO tributary.reverse_rejects
             (migration_id, source_name, source_table, lsn, op, row_key, row_data, reason)
      SELECT $1, s, t, l::pg_lsn, o, k, d, r
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
             AS u(s, t, l, o, k, d, r)
      ON CONFLICT (migration_id, source_name, source_table, lsn, row_key) DO NOTHING""";

  static final String ERROR =
      """
      UPDATE tributary.fallback_windows SET error = $2, error_at = coalesce(error_at, now())
       WHERE migration_id = $1""";

  static final String CLEAR_ERROR =
      "UPDATE tributary.fallback_windows SET error = NULL, error_at = NULL WHERE migration_id = $1"
          + " AND error IS NOT NULL";

  static final String LAG =
      """
      UPDATE tributary.fallback_windows w
         SET lag_bytes = (SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)::bigint
                            FROM pg_replication_slots s WHERE s.slot_name = w.slot_name)
       WHERE w.migration_id = $1""";

  private final Pool pool;

  public FallbackWindowRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * An open fallback window.
   *
   * @param migration the migration
   * @param slot its slot on the target
   * @param publication its publication on the target
   * @param switchLsn the target's position when the switch began
   */
  public record OpenWindow(String migration, String slot, String publication, String switchLsn) {}

  /**
   * A source of a migration in the window.
   *
   * @param name the source's name
   * @param kind its kind, null when this version does not know it
   * @param location its path or URL
   * @param targetSchema its target schema
   * @param tables its tables
   */
  public record WindowSource(
      String name, SourceKind kind, String location, String targetSchema, List<TableDef> tables) {}

  /** The windows whose changes are written back now. */
  public List<OpenWindow> openWindows() {
    String[] states = {MigrationState.CUT_OVER.name(), MigrationState.FALLING_BACK.name()};
    List<OpenWindow> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(OPEN_WINDOWS)
            .execute(Tuple.tuple().addArrayOfString(states))
            .await()
            .atMost(TIMEOUT)) {
      out.add(
          new OpenWindow(
              row.getString("migration_id"),
              row.getString("slot_name"),
              row.getString("publication_name"),
              row.getString("switch_lsn")));
    }
    return out;
  }

  /** The sources of a migration, with their tables. */
  public List<WindowSource> sources(String migration) {
    List<WindowSource> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(SOURCES).execute(Tuple.of(migration)).await().atMost(TIMEOUT)) {
      List<TableDef> tables;
      try {
        tables =
            Arrays.asList(
                ChangeEventCodec.MAPPER.readValue(row.getString("tables"), TableDef[].class));
      } catch (IOException e) {
        throw new IllegalStateException(
            "the catalog of " + migration + "/" + row.getString("name") + " cannot be read", e);
      }
      out.add(
          new WindowSource(
              row.getString("name"),
              SourceKind.fromPlanName(row.getString("kind")).orElse(null),
              row.getString("location"),
              row.getString("target_schema"),
              tables));
    }
    return out;
  }

  /**
   * Records a batch written back, in one transaction: how far, the rows it wrote, its rejects.
   *
   * @param lsn the position of the batch's last record
   * @param changes how many changes it held
   * @param fence the highest fence it passed, null for none
   * @param written the rows written, by source
   * @param rejects the changes that could not go back, by source
   */
  public void recordBatch(
      String migration,
      String lsn,
      long changes,
      Long fence,
      Map<String, List<WriteBack.WrittenRow>> written,
      Map<String, List<WriteBack.ReverseReject>> rejects) {
    pool.withTransaction(
            c ->
                keys(c, migration, written)
                    .chain(() -> rejects(c, migration, rejects))
                    .chain(
                        () ->
                            c.preparedQuery(PROGRESS)
                                .execute(Tuple.of(migration, lsn, changes, fence))))
        .await()
        .atMost(TIMEOUT);
  }

  private static Uni<?> keys(
      SqlConnection c, String migration, Map<String, List<WriteBack.WrittenRow>> written) {
    List<String> sources = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> lsns = new ArrayList<>();
    // one row per key: the last change wins (ON CONFLICT cannot touch a row twice in one statement)
    Map<String, String[]> last = new LinkedHashMap<>();
    written.forEach(
        (source, rows) ->
            rows.forEach(
                r ->
                    last.put(
                        source + "\0" + r.sourceTable() + "\0" + r.rowKey(),
                        new String[] {source, r.sourceTable(), r.rowKey(), r.lsn()})));
    if (last.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    for (String[] r : last.values()) {
      sources.add(r[0]);
      tables.add(r[1]);
      keys.add(r[2]);
      lsns.add(r[3]);
    }
    return c.preparedQuery(CHANGED_KEYS)
        .execute(
            Tuple.tuple()
                .addString(migration)
                .addArrayOfString(sources.toArray(String[]::new))
                .addArrayOfString(tables.toArray(String[]::new))
                .addArrayOfString(keys.toArray(String[]::new))
                .addArrayOfString(lsns.toArray(String[]::new)));
  }

  private static Uni<?> rejects(
      SqlConnection c, String migration, Map<String, List<WriteBack.ReverseReject>> rejects) {
    List<String[]> rows = new ArrayList<>();
    rejects.forEach(
        (source, list) ->
            list.forEach(
                r ->
                    rows.add(
                        new String[] {
                          source, r.sourceTable(), r.lsn(), r.op(), r.rowKey(), r.row(), r.reason()
                        })));
    if (rows.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Tuple t = Tuple.tuple().addString(migration);
    for (int i = 0; i < 7; i++) {
      int column = i;
      t.addArrayOfString(rows.stream().map(r -> r[column]).toArray(String[]::new));
    }
    return c.preparedQuery(REJECTS).execute(t);
  }

  /** Records why writing back stopped (cleared by the next batch that goes through). */
  public void recordError(String migration, String error) {
    pool.preparedQuery(ERROR).execute(Tuple.of(migration, error)).await().atMost(TIMEOUT);
  }

  /**
   * Clears the recorded error once the write-back works again (an idle target writes no batch that
   * would clear it).
   */
  public void clearError(String migration) {
    pool.preparedQuery(CLEAR_ERROR).execute(Tuple.of(migration)).await().atMost(TIMEOUT);
  }

  /** Records how much of the target's WAL the window's slot holds back. */
  public void recordLag(String migration) {
    pool.preparedQuery(LAG).execute(Tuple.of(migration)).await().atMost(TIMEOUT);
  }
}
