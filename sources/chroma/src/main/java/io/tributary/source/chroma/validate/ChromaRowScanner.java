package io.tributary.source.chroma.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.chroma.catalog.ChromaTables;
import io.tributary.source.chroma.store.ChromaCollection;
import io.tributary.source.chroma.store.ChromaCollectionReader;
import io.tributary.source.chroma.store.ChromaRecord;
import io.tributary.source.chroma.store.ChromaStore;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.sqlite.validate.ChangeLogSide;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads every record of a Chroma collection for a comparison, in one read transaction per scan (per
 * chunk in a rollback-journal store: {@link ChunkReads}), decoding each value exactly as apply
 * decodes it. Records apply rejected are skipped; a record that cannot be decoded and was not
 * rejected goes to the sink as undecodable, with its id.
 */
final class ChromaRowScanner implements RowScanner {
  private final Path directory;
  private final TableDef table;
  private final RejectedKeys rejects;

  ChromaRowScanner(Path directory, TableDef table, RejectedKeys rejects) {
    this.directory = directory;
    this.table = table;
    this.rejects = rejects;
  }

  @Override
  public void scan(RowSink sink) {
    read(null, sink);
  }

  @Override
  public boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
    List<String> ids = new ArrayList<>();
    for (ObjectNode key : keys) {
      if (key.path(ChromaTables.ID).isTextual()) {
        ids.add(key.get(ChromaTables.ID).textValue());
      }
    }
    if (!ids.isEmpty()) {
      read(ids, sink);
    }
    return true;
  }

  /** Streams every record (ids null) or those of some ids to the sink. */
  private void read(Collection<String> ids, RowSink sink) {
    ChromaStore store = ChromaSourceReader.store(directory);
    ChromaCollection collection = ChromaSourceReader.collection(store, table);
    ColumnDef[] columns = table.columns().toArray(ColumnDef[]::new);
    int[] keyIndexes = RowDigester.keyIndexes(table);
    RowDigester digester = rejects.isEmpty() ? null : new RowDigester(keyIndexes);
    try (Connection connection = ChangeLogSide.open(ChromaStore.database(directory));
        ChromaCollectionReader reader = new ChromaCollectionReader(store, collection)) {
      try {
        ChunkReads reads =
            new ChunkReads(
                ChromaStore.database(directory),
                connection,
                ChromaSourceReader.awaitCaughtUp(connection, reader));
        if (ids != null) {
          Map<String, ChromaRecord> found = reader.byIds(connection, ids);
          reads.ended();
          for (ChromaRecord record : found.values()) {
            deliver(record, columns, keyIndexes, digester, sink);
          }
          return;
        }
        String after = null;
        while (true) {
          ChromaCollectionReader.Chunk chunk =
              reader.chunk(connection, after, ChromaSourceReader.CHUNK);
          // the chunk is in memory: a rollback-journal store's lock is let go before the sink
          // (the comparison, which may wait for the target's side) sees it
          reads.chunkRead();
          for (ChromaRecord record : chunk.records()) {
            deliver(record, columns, keyIndexes, digester, sink);
            after = record.id();
          }
          if (chunk.last()) {
            return;
          }
          reads.next(reader);
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException | IOException e) {
      throw new ValidationException(
          "cannot read collection '" + collection.name() + "' of " + directory + ": " + e, e);
    }
  }

  private void deliver(
      ChromaRecord record,
      ColumnDef[] columns,
      int[] keyIndexes,
      RowDigester digester,
      RowSink sink) {
    Object[] raw = ChromaTables.row(table, record);
    Object[] values = new Object[columns.length];
    String failure = null;
    for (int i = 0; i < columns.length; i++) {
      try {
        values[i] = ValueCodec.fromSource(raw[i], columns[i]);
      } catch (ValueCastException | IllegalArgumentException e) {
        values[i] = null;
        if (failure == null) {
          failure = "column " + columns[i].name() + ": " + e.getMessage();
        }
      }
    }
    ObjectNode sourceKey =
        ChangeEventCodec.MAPPER.createObjectNode().put(ChromaTables.ID, record.id());
    List<Object> row = Arrays.asList(values);
    if (digester != null
        && (rejects.targetKey(digester.keyText(row)) || rejects.sourceKey(sourceKey))) {
      sink.rejected();
    } else if (failure != null) {
      sink.undecodable(sourceKey, failure);
    } else {
      sink.row(row);
    }
  }
}
