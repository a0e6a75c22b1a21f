package io.tributary.source.sqlite.capture;

import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.vtab.SqliteVirtualTables;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the {@code vec0} rows that changed in place since capture emitted them — an {@code UPDATE}
 * of a vector or of a metadata value, which sqlite-vec writes into a chunk's blob with blob I/O
 * that no trigger sees — and logs each as an update in the change log, in one write transaction:
 * capture then reads and emits it as any other update, with its own sequence number.
 *
 * <p>Every chunk of the consumer's vec0 tables is read and hashed ({@link Vec0Chunk#hash}); a chunk
 * whose hash is the one kept for it ({@value Vec0HashStatementBuilder#CHUNKS_TABLE}) holds every
 * row as emitted. Of any other chunk each row's slot hash is compared with the hash of what was
 * emitted of it ({@link Vec0ChunkDiff}): the rows that differ are logged, and when none differs and
 * none waits to be emitted the chunk's hash is kept. Keeping a hash, and forgetting the hashes of
 * rows a chunk no longer holds, happen only if the chunk's version is still the one read: a row of
 * it emitted in between (which forgets the chunk's hash) is never covered by a hash read before.
 *
 * <p>Two ways to run: {@link #scan} in short read transactions (each at most {@code maxReadMs}, as
 * the snapshot's), then a write transaction — capture's periodic scan; or {@link
 * #scanInTransaction}, all in a write transaction the caller holds — a fence's: nothing can commit
 * in between, so every change committed before the fence is logged before it.
 */
final class Vec0ChangeScan {
  /**
   * A consumer's vec0 table.
   *
   * @param id its scope in {@value Vec0HashStatementBuilder#SCOPES_TABLE}
   */
  record Scope(long id, Vec0Table table) {}

  /**
   * What a scan did.
   *
   * @param chunks chunks read
   * @param changedChunks chunks whose hash was not the one kept
   * @param logged rows logged as updates
   */
  record Result(int chunks, int changedChunks, int logged) {
    static final Result NONE = new Result(0, 0, 0);

    Result plus(Result other) {
      return new Result(
          chunks + other.chunks, changedChunks + other.changedChunks, logged + other.logged);
    }
  }

  /** A chunk whose hash was not the one kept: its diff, and the version of its entry then. */
  private record Finding(long chunkId, Long version, Vec0ChunkDiff diff) {}

  /** What is done with each chunk read, instead of comparing it. */
  @FunctionalInterface
  private interface ChunkSink {
    void accept(Vec0Chunk chunk) throws SQLException;
  }

  /** What reading one table found. */
  private static final class Found {
    final List<Finding> findings = new ArrayList<>();
    final Set<Long> seen = new HashSet<>();
    int chunks;
    long lastChunk;
    boolean done;
  }

  private Vec0ChangeScan() {}

  /**
   * The consumer's vec0 tables that the file still declares; none when capture keeps no record of
   * vec0 tables in it.
   */
  static List<Scope> scopes(Connection connection, String consumer) throws SQLException {
    if (!InstalledChangeLog.tableExists(connection, Vec0HashStatementBuilder.SCOPES_TABLE)) {
      return List.of();
    }
    Map<String, Vec0Table> declared = new HashMap<>();
    SqliteVirtualTables.read(connection).vec0().forEach(v -> declared.put(v.name(), v));
    List<Scope> out = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(Vec0HashStatementBuilder.scopes())) {
      st.setString(1, consumer);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Vec0Table table = declared.get(rs.getString(2));
          if (table != null) {
            out.add(new Scope(rs.getLong(1), table));
          }
        }
      }
    }
    return out;
  }

  /**
   * Scans in read transactions of at most {@code maxReadMs} on {@code read}, then logs what it
   * found in one write transaction on {@code write} (both in auto-commit mode).
   */
  static Result scan(Connection read, Connection write, List<Scope> scopes, long maxReadMs)
      throws SQLException {
    Result total = Result.NONE;
    for (Scope scope : scopes) {
      Map<Long, Long> kept =
          SqliteConnections.inReadTransaction(read, () -> keptChunks(read, scope));
      Found found = new Found();
      try (ChunkReads reads = new ChunkReads(read, scope.table())) {
        while (!found.done) {
          SqliteConnections.inReadTransaction(
              read,
              () -> {
                readChunks(reads, scope, found, maxReadMs * 1_000_000L);
                return null;
              });
        }
      }
      if (found.findings.isEmpty() && gone(kept, found).isEmpty()) {
        total = total.plus(new Result(found.chunks, 0, 0));
        continue;
      }
      int logged =
          SqliteConnections.inWriteTransaction(
              write, () -> apply(write, scope, found, gone(kept, found)));
      total = total.plus(new Result(found.chunks, found.findings.size(), logged));
    }
    return total;
  }

  /** Scans and logs inside the write transaction the caller holds on {@code connection}. */
  static Result scanInTransaction(Connection connection, List<Scope> scopes) throws SQLException {
    Result total = Result.NONE;
    for (Scope scope : scopes) {
      Map<Long, Long> kept = keptChunks(connection, scope);
      Found found = new Found();
      try (ChunkReads reads = new ChunkReads(connection, scope.table())) {
        readChunks(reads, scope, found, Long.MAX_VALUE);
      }
      int logged = apply(connection, scope, found, gone(kept, found));
      total = total.plus(new Result(found.chunks, found.findings.size(), logged));
    }
    return total;
  }

  /**
   * Records the rows of the scopes that have no record yet as emitted as they are now, and their
   * chunks as clean: for a capture whose target holds every row without a snapshot (a fallback's).
   * Runs in the caller's write transaction on {@code connection}, so nothing changes in between.
   *
   * @return rows recorded
   */
  static int recordAsEmitted(Connection connection, List<Scope> scopes) throws SQLException {
    int recorded = 0;
    for (Scope scope : scopes) {
      if (!keptChunks(connection, scope).isEmpty()) {
        continue; // its rows were emitted by this capture: their record stands
      }
      int[] rows = {0};
      try (ChunkReads reads = new ChunkReads(connection, scope.table());
          PreparedStatement row =
              connection.prepareStatement(Vec0HashStatementBuilder.rowEmitted());
          PreparedStatement keep =
              connection.prepareStatement(Vec0HashStatementBuilder.keepNewChunkHash())) {
        readChunks(
            reads,
            scope,
            new Found(),
            Long.MAX_VALUE,
            chunk -> {
              long[] hashes = chunk.rowHashes();
              for (int slot = 0; slot < hashes.length; slot++) {
                if (chunk.valid(slot)) {
                  row.setLong(1, scope.id());
                  row.setLong(2, chunk.id());
                  row.setLong(3, chunk.rowid(slot));
                  row.setLong(4, hashes[slot]);
                  row.addBatch();
                  rows[0]++;
                }
              }
              row.executeBatch();
              keep.setLong(1, scope.id());
              keep.setLong(2, chunk.id());
              keep.setLong(3, chunk.hash());
              keep.executeUpdate();
            });
      }
      recorded += rows[0];
    }
    return recorded;
  }

  /** The chunks kept for a scope: chunk_id to version. */
  private static Map<Long, Long> keptChunks(Connection connection, Scope scope)
      throws SQLException {
    Map<Long, Long> kept = new HashMap<>();
    try (PreparedStatement st = connection.prepareStatement(Vec0HashStatementBuilder.chunks())) {
      st.setLong(1, scope.id());
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          kept.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return kept;
  }

  /**
   * Chunks kept for the scope that sqlite-vec deleted (it deletes a chunk whose last row goes):
   * below the last chunk read and not read. Chunk ids only grow ({@code AUTOINCREMENT}), so a chunk
   * made after the scan began is above them.
   */
  private static Map<Long, Long> gone(Map<Long, Long> kept, Found found) {
    Map<Long, Long> gone = new HashMap<>(kept);
    gone.keySet().removeIf(id -> id > found.lastChunk);
    gone.keySet().removeAll(found.seen);
    return gone;
  }

  /** The statements one scan of a table reads with, prepared once for all its transactions. */
  private static final class ChunkReads implements AutoCloseable {
    final PreparedStatement chunks;
    final PreparedStatement keptChunk;
    final PreparedStatement emittedRows;

    ChunkReads(Connection connection, Vec0Table table) throws SQLException {
      chunks = connection.prepareStatement(Vec0HashStatementBuilder.readChunks(table));
      keptChunk = connection.prepareStatement(Vec0HashStatementBuilder.chunk());
      emittedRows = connection.prepareStatement(Vec0HashStatementBuilder.rows());
    }

    @Override
    public void close() throws SQLException {
      chunks.close();
      keptChunk.close();
      emittedRows.close();
    }
  }

  /**
   * Reads the chunks after {@code found.lastChunk} for up to {@code budgetNanos} (at least one),
   * comparing each with what was kept and emitted.
   */
  private static void readChunks(ChunkReads reads, Scope scope, Found found, long budgetNanos)
      throws SQLException {
    readChunks(reads, scope, found, budgetNanos, null);
  }

  /** As above; each chunk read goes to {@code sink} instead of being compared, when given. */
  private static void readChunks(
      ChunkReads reads, Scope scope, Found found, long budgetNanos, ChunkSink sink)
      throws SQLException {
    Vec0Table table = scope.table();
    int vectors = table.columns(Vec0Table.Kind.VECTOR).size();
    int metadata = table.columns(Vec0Table.Kind.METADATA).size();
    long started = System.nanoTime();
    reads.chunks.setLong(1, found.lastChunk);
    reads.chunks.setInt(2, Integer.MAX_VALUE);
    try (ResultSet rs = reads.chunks.executeQuery()) {
      while (true) {
        if (!rs.next()) {
          found.done = true;
          return;
        }
        long id = rs.getLong(1);
        List<byte[]> vectorBlobs = new ArrayList<>(vectors);
        for (int i = 0; i < vectors; i++) {
          vectorBlobs.add(rs.getBytes(4 + i));
        }
        List<byte[]> metadataBlobs = new ArrayList<>(metadata);
        for (int i = 0; i < metadata; i++) {
          metadataBlobs.add(rs.getBytes(4 + vectors + i));
        }
        Vec0Chunk chunk =
            new Vec0Chunk(table, id, rs.getBytes(2), rs.getBytes(3), vectorBlobs, metadataBlobs);
        found.chunks++;
        found.lastChunk = id;
        found.seen.add(id);
        if (sink != null) {
          sink.accept(chunk);
        } else {
          compare(scope, chunk, reads.keptChunk, reads.emittedRows, found);
        }
        if (System.nanoTime() - started > budgetNanos) {
          return; // closing the result set ends the read; the next one goes on after this chunk
        }
      }
    }
  }

  private static void compare(
      Scope scope,
      Vec0Chunk chunk,
      PreparedStatement keptChunk,
      PreparedStatement emittedRows,
      Found found)
      throws SQLException {
    Long keptHash = null;
    Long version = null;
    keptChunk.setLong(1, scope.id());
    keptChunk.setLong(2, chunk.id());
    try (ResultSet rs = keptChunk.executeQuery()) {
      if (rs.next()) {
        long hash = rs.getLong(1);
        keptHash = rs.wasNull() ? null : hash;
        version = rs.getLong(2);
      }
    }
    long hash = chunk.hash();
    if (keptHash != null && keptHash == hash) {
      return;
    }
    Map<Long, Long> emitted = new HashMap<>();
    emittedRows.setLong(1, scope.id());
    emittedRows.setLong(2, chunk.id());
    try (ResultSet rs = emittedRows.executeQuery()) {
      while (rs.next()) {
        emitted.put(rs.getLong(1), rs.getLong(2));
      }
    }
    found.findings.add(new Finding(chunk.id(), version, Vec0ChunkDiff.of(chunk, hash, emitted)));
  }

  /**
   * Logs the changed rows, keeps the hashes of clean chunks and forgets what the chunks no longer
   * hold, where the chunk's version is still the one read. Runs in the caller's write transaction.
   *
   * @return rows logged
   */
  private static int apply(Connection write, Scope scope, Found found, Map<Long, Long> gone)
      throws SQLException {
    int logged = 0;
    try (PreparedStatement log =
            write.prepareStatement(ChangeLogStatementBuilder.logVec0Update(scope.table()));
        PreparedStatement version =
            write.prepareStatement(Vec0HashStatementBuilder.chunkVersion());
        PreparedStatement keep = write.prepareStatement(Vec0HashStatementBuilder.keepChunkHash());
        PreparedStatement keepNew =
            write.prepareStatement(Vec0HashStatementBuilder.keepNewChunkHash());
        PreparedStatement forgetRow =
            write.prepareStatement(Vec0HashStatementBuilder.forgetRow())) {
      for (Finding finding : found.findings) {
        Vec0ChunkDiff diff = finding.diff();
        for (long rowid : diff.changed()) {
          log.setLong(1, rowid);
          logged += log.executeUpdate();
        }
        if (!Objects.equals(versionNow(version, scope, finding.chunkId()), finding.version())) {
          continue; // a row of it was emitted since it was read: the next scan looks again
        }
        for (long rowid : diff.stale()) {
          forgetRow.setLong(1, scope.id());
          forgetRow.setLong(2, finding.chunkId());
          forgetRow.setLong(3, rowid);
          forgetRow.executeUpdate();
        }
        if (!diff.clean()) {
          continue;
        }
        if (finding.version() == null) {
          keepNew.setLong(1, scope.id());
          keepNew.setLong(2, finding.chunkId());
          keepNew.setLong(3, diff.chunkHash());
          keepNew.executeUpdate();
        } else {
          keep.setLong(1, diff.chunkHash());
          keep.setLong(2, scope.id());
          keep.setLong(3, finding.chunkId());
          keep.setLong(4, finding.version());
          keep.executeUpdate();
        }
      }
      for (Map.Entry<Long, Long> chunk : gone.entrySet()) {
        if (!chunk.getValue().equals(versionNow(version, scope, chunk.getKey()))) {
          continue;
        }
        for (String sql : Vec0HashStatementBuilder.forgetChunk()) {
          try (PreparedStatement forget = write.prepareStatement(sql)) {
            forget.setLong(1, scope.id());
            forget.setLong(2, chunk.getKey());
            forget.executeUpdate();
          }
        }
      }
    }
    return logged;
  }

  private static Long versionNow(PreparedStatement version, Scope scope, long chunkId)
      throws SQLException {
    version.setLong(1, scope.id());
    version.setLong(2, chunkId);
    try (ResultSet rs = version.executeQuery()) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }
}
