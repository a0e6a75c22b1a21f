package io.tributary.source.sqlite.validate;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.nio.file.Path;

/**
 * Validation's reads of one table of a SQLite file, timed, with the longest time each held the
 * file's lock ({@link ReadHolds}): {@code runs} times a checksum and a count, as continuous and
 * deep validation read it. For {@code bench/sqlite-read-locks.sh}, which runs an application's
 * writer beside it.
 *
 * <p>{@code ReadLockBench FILE TABLE RUNS}
 */
public final class ReadLockBench {
  private ReadLockBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    TableDef table =
        SqliteCatalogReader.read(file, "bench", "app", "app").stream()
            .filter(t -> t.sourceTable().equals(args[1]))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no table " + args[1] + " in " + file));
    int runs = Integer.parseInt(args[2]);
    SqliteSourceReader reader = new SqliteSourceReader();
    System.out.printf(
        "reads in ranges of %d rowids (%d to count)%n",
        ShortReads.CHUNK_ROWIDS, ShortReads.COUNT_CHUNK_ROWIDS);
    for (int run = 1; run <= runs; run++) {
      long begun = System.nanoTime();
      SourceSide side = reader.checksum(file, table, null);
      System.out.printf(
          "run %d: checksum of %d rows in %d ms, longest lock held %s ms%n",
          run, side.rows(), (System.nanoTime() - begun) / 1_000_000, ReadHolds.take(file));
      begun = System.nanoTime();
      long rows = reader.count(file, table);
      System.out.printf(
          "run %d: count of %d rows in %d ms, longest lock held %s ms%n",
          run, rows, (System.nanoTime() - begun) / 1_000_000, ReadHolds.take(file));
    }
  }
}
