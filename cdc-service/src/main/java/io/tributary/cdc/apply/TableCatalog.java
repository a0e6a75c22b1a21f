package io.tributary.cdc.apply;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
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
             EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = to_regclass(format('%I.%I', t.target_schema, t.target_table))
                        AND a.attname = $2 AND NOT a.attisdropped) AS provenance
        FROM tributary.tables t JOIN tributary.migrations m ON m.id = t.migration_id
       WHERE m.state <> ALL($1)""";

  private final Pool pool;
  private final Map<String, AppliedTable> byTopic = new ConcurrentHashMap<>();

  /** Bulk-loaded tables whose key is built, as last read or built here. */
  private final Set<String> keyBuilt = ConcurrentHashMap.newKeySet();

  /** Tables whose snapshot capture has delivered completely, as last read. */
  private final Set<String> snapshotDone = ConcurrentHashMap.newKeySet();

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
      if (row.getBoolean("snapshot_done")) {
        snapshotDone.add(topic);
      } else {
        snapshotDone.remove(topic);
      }
      try {
        TableDef def =
            ChangeEventCodec.MAPPER.readValue(row.getString("definition"), TableDef.class);
        byTopic.put(
            topic,
            AppliedTable.of(
                row.getString("migration_id"),
                def,
                row.getBoolean("bulk_load"),
                row.getBoolean("provenance")));
      } catch (IOException | RuntimeException e) {
        LOG.errorf(
            "Failed to read the catalog entry of topic %s: %s",
            row.getString("topic"), e.getMessage());
      }
    }
    byTopic.keySet().retainAll(seen);
    keyBuilt.retainAll(seen);
    snapshotDone.retainAll(seen);
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
    if (built) {
      keyBuilt.add(topic);
    } else {
      keyBuilt.remove(topic);
    }
  }

  /**
   * The tables still {@link #copying} whose snapshot capture has delivered completely, as of the
   * last {@link #reload()}: once apply has written every record of their topics, their keys can be
   * built.
   */
  public List<AppliedTable> awaitingKeys() {
    List<AppliedTable> out = new ArrayList<>();
    for (AppliedTable table : byTopic.values()) {
      if (copying(table) && snapshotDone.contains(table.definition().topic())) {
        out.add(table);
      }
    }
    return out;
  }
}
