package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.Uuid5;
import io.tributary.common.value.ValueCodec;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The originals of the keys a migration made up, per source: for each {@code uuid5} namespace, the
 * legacy key of each uuid (shared by the key column of the table the namespace is named after and
 * by every column that references it), and for each key column of type {@code uuid} that the source
 * may spell otherwise ({@link SourceKeys#holdsUuids}), the source's spelling of each uuid.
 *
 * <p>Each lookup is filled on first use by reading every key of its table from the source ({@link
 * UuidOriginals} gives the memory it takes), and then kept for the write-back's life: the source is
 * frozen, so its keys change only through the write-back itself. A row the write-back inserts needs
 * nothing remembered: a uuid no original is kept for goes back as its own text, which is what the
 * write-back wrote the row under, so later lookups give the same answer. Rows it deletes stay in
 * the lookup; a later change that still names the uuid gets the original back.
 */
public final class KeyOriginals {
  private static final Logger LOG = LoggerFactory.getLogger(KeyOriginals.class);

  /** Where the originals of one lookup are read: the key column of a table. */
  private record Owner(TableDef table, ColumnDef column) {}

  private final SourceKeys keys;
  private final Map<UUID, Owner> namespaces = new HashMap<>();
  private final Map<Object, UuidOriginals> loaded = new HashMap<>();

  /**
   * @param migration the migration (part of the namespaces' names)
   * @param source the source's name in the plan
   * @param tables the source's tables
   */
  public KeyOriginals(String migration, String source, List<TableDef> tables, SourceKeys keys) {
    this.keys = keys;
    for (TableDef table : tables) {
      UUID own = Uuid5.tableNamespace(migration, source, table.sourceTable());
      for (ColumnDef column : table.keyColumns()) {
        if (own.equals(column.remap())) {
          namespaces.put(own, new Owner(table, column));
        }
      }
    }
  }

  /**
   * Whether a column's values go back through a lookup: every column holding {@code uuid5} keys,
   * and key columns of type {@code uuid} the source may spell otherwise.
   */
  public boolean restores(TableDef table, ColumnDef column) {
    if (column.remap() != null) {
      return true;
    }
    return column.keyPosition() > 0
        && !table.wholeRow()
        && column.targetType() == TargetType.UUID
        && !keys.holdsUuids(column);
  }

  /**
   * The source's original of a target value of a column that {@link #restores} (null for NULL). For
   * a {@code uuid5} column: the legacy key, or the uuid's own text when it has none (a row the
   * applications created after the switch). For a uuid key: the source's spelling, or empty when
   * the source has no row with that uuid (the target's value is then written in the column's form).
   *
   * @throws io.tributary.common.value.ValueCastException when the target value is not a uuid
   * @throws SQLException when the keys cannot be read from the source
   */
  public Optional<JsonNode> restore(TableDef table, ColumnDef column, JsonNode target)
      throws SQLException {
    if (target == null || target.isNull()) {
      return Optional.of(target == null ? ValueCodec.nodes().nullNode() : target);
    }
    UUID uuid = (UUID) ValueCodec.decode(target, column);
    if (column.remap() != null) {
      Owner owner = namespaces.get(column.remap());
      Optional<JsonNode> original =
          owner == null ? Optional.empty() : lookup(column.remap(), owner).get(uuid);
      return Optional.of(original.orElseGet(() -> ValueCodec.nodes().textNode(uuid.toString())));
    }
    return lookup(table.sourceTable() + "\0" + column.name(), new Owner(table, column)).get(uuid);
  }

  private UuidOriginals lookup(Object key, Owner owner) throws SQLException {
    UuidOriginals originals = loaded.get(key);
    if (originals != null) {
      return originals;
    }
    long started = System.nanoTime();
    UuidOriginals filled = new UuidOriginals(owner.column());
    keys.read(owner.table(), owner.column(), filled::put);
    loaded.put(key, filled);
    LOG.info(
        "Read the {} keys of {}.{} to give the target's uuids their source values back ({} ms,"
            + " {} KB kept)",
        filled.size(),
        owner.table().qualifiedSourceName(),
        owner.column().name(),
        (System.nanoTime() - started) / 1_000_000,
        filled.footprint() / 1024);
    return filled;
  }
}
