package io.tributary.cdc.apply;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.TableLoad;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Topics;
import io.tributary.common.sql.BulkLoad;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Maps table topics to the tables they fill, from the catalog the orchestrator recorded in {@code
 * tributary.tables}. Topics are never parsed: a topic unknown here is looked up again in the
 * control schema. The apply consumer subscribes to exactly {@link #topics()}, so topics of
 * migrations recorded in another target (sharing the broker) are never read nor acknowledged here.
 * Migrations that were cut over are left out: their cutover drained every change up to the freeze
 * into the target, and their topics may be deleted since (subscribed to, each would be reported
 * missing on every metadata refresh).
 */
@ApplicationScoped
public class TableCatalog {
  private static final Logger LOG = Logger.getLogger(TableCatalog.class);
  static final String ALL_TABLES =
      """
      SELECT t.migration_id, t.topic, t.definition::text AS definition, t.bulk_load,
             t.key_built_at IS NOT NULL AS key_built, t.snapshot_done_at IS NOT NULL AS snapshot_done,
             t.snapshot_applied_at IS NOT NULL AS snapshot_applied, s.snapshot_chunks,
             """
          + TableLoad.LOADED
          + """
           AS loaded,
             EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = to_regclass(format('%I.%I', t.target_schema, t.target_table))
                        AND a.attname = $2 AND NOT a.attisdropped) AS provenance
        FROM tributary.tables t JOIN tributary.migrations m ON m.id = t.migration_id
        JOIN tributary.sources s ON s.migration_id = t.migration_id AND s.name = t.source_name
       WHERE m.state <> ALL($1)""";

  private final Pool pool;
  private final Map<String, AppliedTable> byTopic = new ConcurrentHashMap<>();

  /** Bulk-loaded tables whose key is built, as last read or built here. */
  private final Set<String> keyBuilt = ConcurrentHashMap.newKeySet();

  /** Tables whose snapshot capture has delivered completely, as last read. */
  private final Set<String> snapshotDone = ConcurrentHashMap.newKeySet();

  /** Chunked tables whose snapshot apply has written whole (its end marker), as last read. */
  private final Set<String> snapshotApplied = ConcurrentHashMap.newKeySet();

  /** Tables that are loaded ({@link TableLoad#LOADED}), as last read or learnt. */
  private final Set<String> loaded = ConcurrentHashMap.newKeySet();

  public TableCatalog(Pool pool) {
    this.pool = pool;
  }

  /** The table of a topic, reloading the catalog once when the topic is not known yet. */
  public AppliedTable find(String topic) {
    AppliedTable table = byTopic.get(topic);
    if (table == null) {
      reload();
      table = byTopic.get(topic);
    }
    return table;
  }

  /** The table of a topic as last read, null when unknown (never reads the catalog). */
  public AppliedTable known(String topic) {
    return byTopic.get(topic);
  }

  /**
   * The topics of every table recorded in this target whose migration was not cut over nor
   * abandoned, as of the last {@link #reload()}.
   */
  public Set<String> topics() {
    return new TreeSet<>(byTopic.keySet());
  }

  /** Reads the whole catalog again; tables no longer recorded are forgotten. */
  public void reload() {
    Set<String> seen = new HashSet<>();
    for (Row row :
        pool.preparedQuery(ALL_TABLES)
            .execute(Tuple.of(ApplyStatements.closedStates(), BulkLoad.KEY_COLUMN))
            .await()
            .atMost(Duration.ofSeconds(30))) {
      String topic = row.getString("topic");
      seen.add(topic);
      if (row.getBoolean("key_built")) {
        keyBuilt.add(topic);
      }
      mark(snapshotDone, topic, row.getBoolean("snapshot_done"));
      mark(snapshotApplied, topic, row.getBoolean("snapshot_applied"));
      mark(loaded, topic, row.getBoolean("loaded"));
      try {
        TableDef def =
            ChangeEventCodec.MAPPER.readValue(row.getString("definition"), TableDef.class);
        byTopic.put(
            topic,
            AppliedTable.of(
                row.getString("migration_id"),
                def,
                row.getBoolean("bulk_load"),
                row.getBoolean("provenance"),
                row.getBoolean("snapshot_chunks")));
      } catch (IOException | RuntimeException e) {
        LOG.errorf(
            "Failed to read the catalog entry of topic %s: %s",
            row.getString("topic"), e.getMessage());
      }
    }
    byTopic.keySet().retainAll(seen);
    keyBuilt.retainAll(seen);
    snapshotDone.retainAll(seen);
    snapshotApplied.retainAll(seen);
    loaded.retainAll(seen);
  }

  private static void mark(Set<String> set, String topic, boolean in) {
    if (in) {
      set.add(topic);
    } else {
      set.remove(topic);
    }
  }

  /**
   * The snapshot topics of the sources whose tables are chunked ({@link AppliedTable#chunked}), as
   * of the last {@link #reload()}.
   */
  public Set<String> snapshotTopics() {
    Set<String> topics = new TreeSet<>();
    for (AppliedTable table : byTopic.values()) {
      if (table.chunked()) {
        topics.add(Topics.snapshotTopic(table.migration(), table.definition().source()));
      }
    }
    return topics;
  }

  /**
   * The table topics whose changes must wait: chunked tables not loaded yet ({@link
   * TableLoad#LOADED}), as last read or learnt.
   */
  public Set<String> waiting() {
    Set<String> topics = new TreeSet<>();
    for (AppliedTable table : byTopic.values()) {
      String topic = table.definition().topic();
      if (table.chunked() && !loaded.contains(topic)) {
        topics.add(topic);
      }
    }
    return topics;
  }

  /** Learns whether a table is loaded (found so in a transaction, or its key built here). */
  void loaded(String topic, boolean isLoaded) {
    mark(loaded, topic, isLoaded);
  }

  /**
   * Whether the table's rows go in by {@code COPY}: provisioned for a bulk load, key not built yet
   * (as last known here; each batch's transaction checks it again, {@link BatchWriter}).
   */
  public boolean copying(AppliedTable table) {
    return table.bulkLoad() && !keyBuilt.contains(table.definition().topic());
  }

  /** Learns whether a table's key is built (by this instance, or found so in a transaction). */
  void keyBuilt(String topic, boolean built) {
    mark(keyBuilt, topic, built);
  }

  /**
   * The tables still {@link #copying} whose snapshot is in, as of the last {@link #reload()}: a
   * chunked table's once apply wrote its end marker (its key can be built now); another's once
   * capture delivered it completely (its key can be built once apply has written every record of
   * its topic).
   */
  public List<AppliedTable> awaitingKeys() {
    List<AppliedTable> out = new ArrayList<>();
    for (AppliedTable table : byTopic.values()) {
      String topic = table.definition().topic();
      if (copying(table)
          && (table.chunked() ? snapshotApplied.contains(topic) : snapshotDone.contains(topic))) {
        out.add(table);
      }
    }
    return out;
  }
}
