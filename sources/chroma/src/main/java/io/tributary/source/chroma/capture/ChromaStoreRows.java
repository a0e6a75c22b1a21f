package io.tributary.source.chroma.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.chroma.catalog.ChromaTables;
import io.tributary.source.chroma.store.ChromaCollection;
import io.tributary.source.chroma.store.ChromaCollectionReader;
import io.tributary.source.chroma.store.ChromaRecord;
import io.tributary.source.chroma.store.ChromaStore;
import io.tributary.source.sqlite.capture.CapturedStore;
import io.tributary.source.sqlite.capture.ChangeLogStatementBuilder;
import io.tributary.source.sqlite.capture.SqliteSnapshotReader;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * A Chroma store's collections as a change-log capture reads them: one table per collection ({@code
 * id}, {@code document}, {@code metadata}, {@code embedding}), its records read through {@link
 * ChromaCollectionReader}; the change log's entries name a collection by its id (the triggers of
 * {@link ChromaCaptureStatementBuilder}).
 */
final class ChromaStoreRows implements CapturedStore {
  private final ChromaStore store;
  private final Map<String, TableDef> byCollectionId = new HashMap<>();
  private final Map<String, ChromaCollectionReader> readers = new HashMap<>();
  private final Set<String> otherCollections = new HashSet<>();

  /**
   * @param directory the store's directory
   * @param tables the provisioned tables, one per captured collection (named as the collection)
   * @throws ConnectException when the store cannot be read or a collection is gone
   */
  ChromaStoreRows(Path directory, List<TableDef> tables) {
    try {
      store = ChromaStore.read(directory);
    } catch (RuntimeException e) {
      throw new ConnectException("Failed to read the Chroma store " + directory + ": " + e, e);
    }
    for (TableDef table : tables) {
      ChromaCollection collection =
          store
              .collection(table.sourceTable())
              .orElseThrow(
                  () ->
                      new ConnectException(
                          "The Chroma store "
                              + directory
                              + " no longer has the collection '"
                              + table.sourceTable()
                              + "' (deleted or renamed since the plan was accepted)"));
      byCollectionId.put(collection.id(), table);
      readers.put(table.sourceTable(), new ChromaCollectionReader(store, collection));
    }
  }

  @Override
  public Path databaseFile() {
    return ChromaStore.database(store.directory());
  }

  @Override
  public String connectorName() {
    return "chroma";
  }

  @Override
  public List<ChangeLogStatementBuilder.Trigger> triggers(
      Connection connection, List<TableDef> tables) {
    return ChromaCaptureStatementBuilder.triggers();
  }

  @Override
  public SqliteSnapshotReader.Chunk chunk(
      Connection read, TableDef table, List<Object> afterKey, int limit) throws SQLException {
    ChromaCollectionReader reader = reader(table);
    String after = afterKey == null ? null : (String) afterKey.get(0);
    return SqliteConnections.inReadTransaction(
        read,
        () -> {
          checkReady(read, List.of(table));
          ChromaCollectionReader.Chunk chunk = readChunk(reader, read, after, limit);
          List<Object[]> rows = new ArrayList<>(chunk.records().size());
          chunk.records().forEach(r -> rows.add(ChromaTables.row(table, r)));
          return new SqliteSnapshotReader.Chunk(rows, chunk.last());
        });
  }

  private static ChromaCollectionReader.Chunk readChunk(
      ChromaCollectionReader reader, Connection read, String after, int limit) throws SQLException {
    try {
      return reader.chunk(read, after, limit);
    } catch (IOException | UncheckedIOException e) {
      throw segmentBusy(reader, e);
    }
  }

  /**
   * Chroma writes a segment's files before it records how far they go, and rewrites its pickle in
   * place: a read that meets a file mid-write is tried again, as a read that meets a lock is (and
   * said at WARN when it lasts: a segment that stays unreadable is damaged).
   */
  private static SQLException segmentBusy(ChromaCollectionReader reader, Exception e) {
    SQLException busy =
        SqliteConnections.busy(
            "cannot read the HNSW segment of collection '"
                + reader.collection().name()
                + "' now (is Chroma writing it?): "
                + e.getMessage());
    busy.initCause(e);
    return busy;
  }

  /**
   * The table of a logged collection id. An id this capture does not know is another collection of
   * the store, unless a captured collection was deleted (and perhaps created again under its name,
   * with a new id) since capture started: its records can no longer be followed, and capture stops
   * with an error naming it rather than skip them.
   */
  @Override
  public TableDef table(String logged) {
    String id = ChromaCaptureStatementBuilder.collectionOf(logged);
    if (id == null) {
      return null;
    }
    TableDef table = byCollectionId.get(id);
    if (table == null && !otherCollections.contains(id)) {
      requireCapturedCollections();
      otherCollections.add(id);
    }
    return table;
  }

  /**
   * Fails, naming it, when a captured collection no longer exists under the id capture follows
   * (deleted, renamed, or deleted and created again).
   */
  private void requireCapturedCollections() {
    ChromaStore now;
    try {
      now = ChromaStore.read(store.directory());
    } catch (RuntimeException e) {
      throw new ConnectException(
          "Failed to read the Chroma store " + store.directory() + ": " + e.getMessage(), e);
    }
    for (Map.Entry<String, TableDef> captured : byCollectionId.entrySet()) {
      String name = captured.getValue().sourceTable();
      boolean same =
          now.collections().stream()
              .anyMatch(c -> c.id().equals(captured.getKey()) && c.name().equals(name));
      if (!same) {
        throw new ConnectException(
            "The collection '"
                + name
                + "' ("
                + captured.getKey()
                + ") of the Chroma store "
                + store.directory()
                + " was deleted, renamed or created again while it was captured"
                + now.collection(name)
                    .map(c -> " (its name now belongs to " + c.id() + ")")
                    .orElse("")
                + ": its records can no longer be followed; abandon the migration and submit it"
                + " again to migrate the collection as it is now");
      }
    }
  }

  /**
   * Chroma 1.x applies a write to a collection's metadata segment in a transaction just after the
   * one that queued it: until then its records cannot be read as the queue has them, and capture
   * waits as it waits for a lock (and says so when it lasts: Chroma stopped between the two).
   */
  @Override
  public void checkReady(Connection read, Collection<TableDef> tables) throws SQLException {
    for (TableDef table : tables) {
      if (!reader(table).caughtUp(read)) {
        requireCapturedCollections(); // a deleted collection never catches up
        throw SqliteConnections.busy(
            "Chroma has not yet applied its latest queued writes of collection '"
                + table.sourceTable()
                + "' to the collection's metadata segment");
      }
    }
  }

  @Override
  public Object[] currentRow(Connection read, TableDef table, List<Object> key)
      throws SQLException {
    String id = (String) key.get(0);
    ChromaCollectionReader reader = reader(table);
    try {
      ChromaRecord record = reader.byIds(read, List.of(id)).get(id);
      return record == null ? null : ChromaTables.row(table, record);
    } catch (IOException | UncheckedIOException e) {
      throw segmentBusy(reader, e);
    }
  }

  private ChromaCollectionReader reader(TableDef table) {
    ChromaCollectionReader reader = readers.get(table.sourceTable());
    if (reader == null) {
      throw new IllegalStateException("no collection for table " + table.qualifiedSourceName());
    }
    return reader;
  }

  @Override
  public void close() {
    readers.values().forEach(ChromaCollectionReader::close);
  }
}
