package io.tributary.source.sqlite.capture;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.sqlite.intake.SqliteKindIntake;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * What the SQLite snapshot's chunk path costs per row, without Kafka: a capture task ({@link
 * SqliteSourceTask}) snapshots a copy of a file — every table read, cast to the target types the
 * plan's automatic rules give them (the orchestrator's intake, column profile included) and encoded
 * into binary {@code COPY} chunks — and the records are dropped once counted. Prints, for each run,
 * the rows, the wall time, the CPU time of the polling thread (the read-ahead thread is turned off,
 * so the whole chunk path runs on it) and of the process per row, the bytes the polling thread
 * allocated per row, and a SHA-256 of what the chunk records carry (key, value, headers but the
 * rejects' envelope times, source offset but the registration): the same file gives the same
 * digest, so a change that claims not to alter what capture produces can be held to it.
 *
 * <p>Reads are bounded by rows only ({@code snapshot.max.read.ms} set high), so the chunks' limits
 * do not depend on timing; {@code -Dcapture.<setting>=<value>} sets any other setting of the
 * capture. Run by {@code bench/sqlite-chunk-cpu.sh}; usage: {@code SnapshotChunkCpu <file.db>
 * [runs] [tables,...]}.
 */
public final class SnapshotChunkCpu {
  /**
   * Where each chunk record is described, one line each, when SNAPSHOT_CHUNK_CPU_DUMP names a file.
   */
  private static PrintStream DUMP;

  private SnapshotChunkCpu() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SnapshotChunkCpu <file.db> [runs] [table,...]");
      System.exit(2);
    }
    Path file = Path.of(args[0]).toAbsolutePath();
    String dump = System.getenv("SNAPSHOT_CHUNK_CPU_DUMP");
    if (dump != null) {
      DUMP = new PrintStream(Files.newOutputStream(Path.of(dump)), false, StandardCharsets.UTF_8);
    }
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> only = args.length > 2 ? List.of(args[2].split(",")) : List.of();
    List<TableDef> tables = tables(file, only);
    String catalog = ChangeEventCodec.MAPPER.writeValueAsString(tables);
    System.out.printf("%s: %d tables%n", file, tables.size());
    for (TableDef t : tables) {
      StringBuilder types = new StringBuilder();
      t.columns()
          .forEach(c -> types.append(' ').append(c.name()).append(':').append(c.targetSql()));
      System.out.printf("  %s%s%n", t.sourceTable(), types);
    }
    System.out.printf(
        "%-4s %10s %7s %9s %10s %14s %15s %14s  %s%n",
        "run",
        "rows",
        "chunks",
        "wall s",
        "rows/s",
        "thread CPU ns/row",
        "process CPU ns/row",
        "alloc B/row",
        "digest");
    Path work = Files.createTempDirectory("sqlite-chunk-cpu");
    try {
      for (int run = 1; run <= runs; run++) {
        Path copy = work.resolve("copy.db");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        Run result = run(copy, catalog, tables.size());
        System.out.printf(
            "%-4d %,10d %,7d %9.2f %,10.0f %14.0f %15.0f %14.0f  %s%n",
            run,
            result.rows,
            result.chunks,
            result.wallNanos / 1e9,
            result.rows / (result.wallNanos / 1e9),
            (double) result.threadCpuNanos / result.rows,
            (double) result.processCpuNanos / result.rows,
            (double) result.allocatedBytes / result.rows,
            result.digest);
        try (var files = Files.list(work)) {
          for (Path p : files.toList()) {
            Files.delete(p);
          }
        }
      }
    } finally {
      Files.deleteIfExists(work);
    }
  }

  /** The file's tables as the orchestrator's intake shapes them (automatic casting rules). */
  private static List<TableDef> tables(Path file, List<String> only) {
    List<PlanError> errors = new ArrayList<>();
    SourceSpec spec =
        new SourceSpec(
            "bench", SourceKind.SQLITE, file.toString(), null, "bench", null, null, null, null);
    SourceCatalog read = new SqliteKindIntake().read("bench", spec, spec, "sources[0]", errors);
    if (read == null || !errors.isEmpty()) {
      throw new IllegalStateException("intake of " + file + " failed: " + errors);
    }
    return read.tables().stream()
        .filter(t -> only.isEmpty() || only.contains(t.sourceTable()))
        .toList();
  }

  private record Run(
      long rows,
      long chunks,
      long wallNanos,
      long threadCpuNanos,
      long processCpuNanos,
      long allocatedBytes,
      String digest) {}

  private static Run run(Path file, String catalog, int tables) throws Exception {
    Map<String, String> config = new HashMap<>(TaskHarness.config(file));
    config.put(SqliteConnectorConfig.TABLES, catalog);
    config.put(SqliteConnectorConfig.SNAPSHOT_READ_AHEAD, "false");
    config.put(SqliteConnectorConfig.SNAPSHOT_MAX_READ_MS, "60000");
    // -Dcapture.<setting>=<value>: any other setting of the capture (a chunk size, a fetch size)
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("capture."))
        .forEach(name -> config.put(name.substring(8), System.getProperty(name)));
    SqliteSourceTask task = new SqliteSourceTask();
    task.initialize(new FakeTaskContext(null));
    task.start(config);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long rows = 0;
    long chunks = 0;
    int complete = 0;
    long threadCpu0 = threads.getCurrentThreadCpuTime();
    long processCpu0 = os.getProcessCpuTime();
    long allocated0 = threads.getCurrentThreadAllocatedBytes();
    long wall0 = System.nanoTime();
    try {
      while (complete < tables) {
        List<SourceRecord> records = task.poll();
        if (records == null) {
          continue;
        }
        for (SourceRecord r : records) {
          if (ChunkRows.isChunk(r)) {
            chunks++;
            digest(digest, r);
          } else if ("tributary.capture".equals(r.topic())) {
            CaptureProgress progress = CaptureProgress.parse((byte[]) r.value());
            if (CaptureProgress.SNAPSHOT_COMPLETE.equals(progress.event())) {
              complete++;
              rows += progress.rows();
            }
          }
          task.commitRecord(r, null);
        }
      }
    } finally {
      long wall = System.nanoTime() - wall0;
      long threadCpu = threads.getCurrentThreadCpuTime() - threadCpu0;
      long processCpu = os.getProcessCpuTime() - processCpu0;
      long allocated = threads.getCurrentThreadAllocatedBytes() - allocated0;
      task.stop();
      if (complete == tables) {
        return new Run(
            rows,
            chunks,
            wall,
            threadCpu,
            processCpu,
            allocated,
            HexFormat.of().formatHex(digest.digest()).substring(0, 16));
      }
    }
    throw new IllegalStateException("the snapshot did not complete");
  }

  /** What a chunk record carries, but what differs from run to run by design. */
  private static void digest(MessageDigest digest, SourceRecord r) throws IOException {
    if (DUMP != null) {
      StringBuilder line = new StringBuilder(String.valueOf(r.key()));
      r.headers().forEach(h -> line.append(' ').append(h.key()).append('=').append(h.value()));
      DUMP.println(line.append(' ').append(offset(r)));
    }
    digest.update(((String) r.key()).getBytes(StandardCharsets.UTF_8));
    digest.update((byte[]) r.value());
    for (Header h : r.headers()) {
      String value = String.valueOf(h.value());
      if (h.key().equals(SnapshotChunk.REJECTS_HEADER)) {
        value =
            value.replaceAll("\\\\\"ts_ms\\\\\":\\d+", "").replaceAll("\\\\\"tsMs\\\\\":\\d+", "");
      }
      digest.update((h.key() + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
    }
    digest.update(offset(r).getBytes(StandardCharsets.UTF_8));
    digest.update(r.topic().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A chunk record's offset but its registration (new in each copy of the file), the completed
   * tables in name order (a set: the order it is stored in changes from one JVM to the next).
   */
  private static String offset(SourceRecord r) throws IOException {
    Map<String, Object> offset = new TreeMap<>(TaskHarness.offsetOf(r));
    offset.remove(CaptureOffset.REGISTRATION);
    String completed = (String) offset.get("snapshot_completed");
    if (completed != null) {
      String[] tables = ChangeEventCodec.MAPPER.readValue(completed, String[].class);
      offset.put("snapshot_completed", new TreeSet<>(Arrays.asList(tables)).toString());
    }
    return offset.toString();
  }
}
