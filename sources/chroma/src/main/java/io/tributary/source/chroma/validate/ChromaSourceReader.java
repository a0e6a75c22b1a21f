package io.tributary.source.chroma.validate;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.value.TableChecksum;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.chroma.catalog.ChromaTables;
import io.tributary.source.chroma.store.ChromaCollection;
import io.tributary.source.chroma.store.ChromaCollectionReader;
import io.tributary.source.chroma.store.ChromaRecord;
import io.tributary.source.chroma.store.ChromaStore;
import io.tributary.source.spi.validate.CapturePosition;
import io.tributary.source.spi.validate.FileFingerprint;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.SourceFingerprint;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.source.spi.validate.WriteMark;
import io.tributary.source.sqlite.validate.ChangeLogSide;
import io.tributary.source.sqlite.validate.ReadHolds;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts and checksums a collection of a Chroma store, read-only, in one read transaction of its
 * {@code chroma.sqlite3}: the records as Chroma holds them ({@link ChromaCollectionReader}: the
 * metadata segment, the HNSW segment and the queue after it), each value decoded exactly as apply
 * decodes it. Positions, capture's progress and write marks come from the change log capture keeps
 * in the store's database ({@link ChangeLogSide}), where a collection's changes are logged under
 * its id.
 */
public final class ChromaSourceReader implements ValidationSource {
  /** Records read per chunk of a checksum or a scan. */
  static final int CHUNK = 1000;

  @Override
  public SourceKind kind() {
    return SourceKind.CHROMA;
  }

  @Override
  public RowScanner rowScanner(ValidatedTable table, RejectedKeys rejects) {
    return new ChromaRowScanner(directory(table), table.definition(), rejects);
  }

  @Override
  public long count(ValidatedTable table) {
    return read(table, false).rows();
  }

  @Override
  public SourceSide counted(ValidatedTable table) {
    return read(table, false);
  }

  @Override
  public SourceSide checksum(ValidatedTable table) {
    return read(table, true);
  }

  @Override
  public CapturePosition captured(ValidatedTable table) {
    Path directory;
    try {
      directory = directory(table);
    } catch (ValidationException e) {
      return CapturePosition.unknown(e.getMessage());
    }
    return ChangeLogSide.captured(ChromaStore.database(directory), consumer(table));
  }

  @Override
  public SourceFingerprint fingerprint(ValidatedTable table) {
    try {
      return FileFingerprint.of(ChromaStore.database(Path.of(table.location())));
    } catch (IOException | InvalidPathException | NullPointerException e) {
      return null; // validation reports why
    }
  }

  /**
   * When Chroma last queued a write of the collection: the newest {@code created_at} of its queue
   * records (whole seconds, so the next second is taken), which capture keeps while it is
   * installed. The file's own modification time would not do: capture writes the file too (its
   * change log), every few seconds. Without queue records, the file's modification time.
   */
  @Override
  public Instant lastWrite(ValidatedTable table, SourceSide side) {
    Path directory = directory(table);
    Path file = ChromaStore.database(directory);
    ChromaCollection collection = collection(store(directory), table.definition());
    try (Connection connection = ChangeLogSide.open(file)) {
      try (PreparedStatement st = connection.prepareStatement(LAST_QUEUED_AT)) {
        st.setString(1, collection.topic());
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next() && rs.getString(1) != null) {
            return LocalDateTime.parse(rs.getString(1), CHROMA_TIMESTAMP)
                .toInstant(ZoneOffset.UTC)
                .plusSeconds(1);
          }
        }
      } finally {
        connection.rollback();
      }
      return FileFingerprint.of(file).lastWrite();
    } catch (SQLException | IOException | DateTimeParseException e) {
      throw new ValidationException(
          "cannot read when collection '"
              + collection.name()
              + "' of "
              + directory
              + " was last written: "
              + e.getMessage(),
          e);
    }
  }

  /** The newest queue record's {@code created_at} of a topic. Parameter: the topic. */
  private static final String LAST_QUEUED_AT =
      "SELECT max(created_at) FROM embeddings_queue WHERE topic = ?";

  /** SQLite's {@code CURRENT_TIMESTAMP}, in UTC. */
  private static final DateTimeFormatter CHROMA_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /**
   * The longest a read of this process held the store's database lock since the last call, in
   * milliseconds ({@link ChunkReads}); null when its readers block no writer (WAL).
   */
  @Override
  public Long takeLongestReadLock(ValidatedTable table) {
    return ReadHolds.take(ChromaStore.database(directory(table)));
  }

  @Override
  public WriteMark writeMark(ValidatedTable table) {
    return ChangeLogSide.writeMark(ChromaStore.database(directory(table)));
  }

  private static String consumer(ValidatedTable table) {
    return CaptureNames.sqliteConsumer(table.migration(), table.source());
  }

  /** Counts, or counts and checksums, the collection in one read transaction. */
  private static SourceSide read(ValidatedTable table, boolean checksum) {
    Path directory = directory(table);
    ChromaStore store = store(directory);
    TableDef definition = table.definition();
    ChromaCollection collection = collection(store, definition);
    Path file = ChromaStore.database(directory);
    try (Connection connection = ChangeLogSide.open(file);
        ChromaCollectionReader reader = new ChromaCollectionReader(store, collection)) {
      try {
        ChunkReads reads = new ChunkReads(file, connection, awaitCaughtUp(connection, reader));
        // read in the transaction the collection is read in (awaiting Chroma may begin another)
        SourcePosition position =
            ChangeLogSide.position(connection, file, collection.id(), consumer(table));
        if (!checksum) {
          long rows = reader.count(connection);
          reads.ended();
          return SourceSide.counted(rows, position);
        }
        ColumnDef[] columns = definition.columns().toArray(ColumnDef[]::new);
        TableChecksum sum = new TableChecksum();
        long undecodable = 0;
        String after = null;
        List<Object> values = new ArrayList<>(columns.length);
        while (true) {
          ChromaCollectionReader.Chunk chunk = reader.chunk(connection, after, CHUNK);
          reads.chunkRead();
          for (ChromaRecord record : chunk.records()) {
            Object[] row = ChromaTables.row(definition, record);
            values.clear();
            try {
              for (int i = 0; i < columns.length; i++) {
                values.add(ValueCodec.fromSource(row[i], columns[i]));
              }
              sum.add(values);
            } catch (ValueCastException | IllegalArgumentException e) {
              undecodable++;
            }
            after = record.id();
          }
          if (chunk.last()) {
            break;
          }
          reads.next(reader);
        }
        return new SourceSide(
            sum.rows() + undecodable, undecodable, sum.hex(), reads.position(position));
      } finally {
        connection.rollback();
      }
    } catch (SQLException | IOException e) {
      throw new ValidationException(
          "cannot read collection '" + collection.name() + "' of " + directory + ": " + e, e);
    }
  }

  /** How long a read waits for Chroma 1.x to apply what it queued (its second transaction). */
  private static final long CATCH_UP_MS = 2_000;

  /**
   * Makes the connection's read transaction one in which the collection's metadata segment holds
   * every write Chroma queued for it: Chroma 1.x applies a write there in a transaction just after
   * the one that queued it, and a read in between would see the queue's vectors with the metadata
   * of before. Starts a new read transaction (rolling the current one back) until it does, for at
   * most {@value #CATCH_UP_MS} ms.
   *
   * @return when the read transaction it leaves open took its lock ({@link ReadHolds#begin}): the
   *     waits between its tries hold nothing
   * @throws ValidationException when it does not catch up in that time
   */
  static long awaitCaughtUp(Connection connection, ChromaCollectionReader reader)
      throws SQLException {
    long deadline = System.nanoTime() + CATCH_UP_MS * 1_000_000;
    while (true) {
      long locked = ReadHolds.begin(connection);
      if (reader.caughtUp(connection)) {
        return locked;
      }
      if (System.nanoTime() > deadline) {
        throw new ValidationException(
            "Chroma has not applied its latest queued writes of collection '"
                + reader.collection().name()
                + "' to the collection's metadata segment in "
                + CATCH_UP_MS
                + " ms (was Chroma stopped between its two transactions? it applies them when it"
                + " starts)");
      }
      connection.rollback();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ValidationException("interrupted while reading the Chroma store", e);
      }
    }
  }

  static Path directory(ValidatedTable table) {
    try {
      return Path.of(table.location());
    } catch (InvalidPathException | NullPointerException e) {
      throw new ValidationException(
          "source location '" + table.location() + "' is not a directory path");
    }
  }

  static ChromaStore store(Path directory) {
    try {
      return ChromaStore.read(directory);
    } catch (RuntimeException e) {
      throw new ValidationException(e.getMessage(), e);
    }
  }

  static ChromaCollection collection(ChromaStore store, TableDef table) {
    return store
        .collection(table.sourceTable())
        .orElseThrow(
            () ->
                new ValidationException(
                    "collection '"
                        + table.sourceTable()
                        + "' no longer exists in the Chroma store "
                        + store.directory()));
  }
}
