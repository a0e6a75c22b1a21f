package io.tributary.cdc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tributary.source.spi.capture.CaptureSettings;
import java.time.Duration;
import java.util.Optional;

/** Capture settings ({@code tributary.capture.*}). */
@ConfigMapping(prefix = "tributary.capture")
public interface CaptureConfig extends CaptureSettings {
  /** Whether this instance captures sources at all (apply-only instances set false). */
  @WithDefault("true")
  boolean enabled();

  /**
   * This instance's name in the capture leases ({@code tributary.capture_leases.holder}): which of
   * several cdc-service instances captures a source. By default the host name (a Kubernetes pod's
   * name) and the process id.
   */
  Optional<String> instanceId();

  /**
   * How long a capture lease lasts without renewal: when the instance capturing a source dies,
   * another takes the capture over after at most this long (plus a supervise interval and the
   * engine's start).
   */
  @WithDefault("15s")
  Duration leaseDuration();

  /**
   * How often the holder renews its capture leases. A holder that could not renew stops capturing
   * one renew interval before its lease would expire; keep it at most a third of the duration.
   */
  @WithDefault("5s")
  Duration leaseRenewInterval();

  /**
   * Partitions of each table topic created by capture; the broker's {@code num.partitions} when not
   * set. Keys hash to partitions, so a row's changes stay in order.
   */
  Optional<Integer> topicPartitions();

  /**
   * Replication factor of the topics capture creates (table topics, progress, source offsets); the
   * broker's {@code default.replication.factor} when not set (3 on a production cluster, say).
   */
  Optional<Short> topicReplicationFactor();

  /**
   * Compression of the records capture publishes ({@code none}, {@code lz4}, {@code zstd}, {@code
   * snappy}, {@code gzip}). lz4 saves network and broker disk at some CPU; on one machine with the
   * broker on loopback, {@code none} leaves that CPU to the load.
   */
  @WithDefault("lz4")
  String compression();

  /**
   * The largest change event capture publishes, in bytes (key, value and headers): the producer's
   * {@code max.request.size} and the {@code max.message.bytes} of the topics capture creates (a
   * broker's default is often 1 MB). A change larger than this (a row with a big BLOB or document)
   * does not stop capture: it is published as a reject naming its key and size, and apply keeps it
   * in {@code tributary.rejects}; the row stays in the source until the limit is raised and the
   * table resynced.
   */
  @WithDefault("10485760")
  @Override
  int maxRecordBytes();

  /** The Kafka topic holding the connectors' source offsets. */
  @WithDefault("tributary.capture-offsets")
  String offsetTopic();

  /** The topic of capture progress events (a table's snapshot completed). */
  @WithDefault("tributary.capture")
  @Override
  String progressTopic();

  /**
   * The most rows one snapshot read transaction of a SQLite or Chroma source reads (each read also
   * ends after 5 ms); a poll reads until it has a chunk.
   */
  @WithDefault("2000")
  @Override
  int snapshotFetchSize();

  /**
   * The size, in bytes of binary COPY rows, at which a SQLite or Chroma snapshot chunk (one Kafka
   * record on the source's snapshot topic) is closed: the unit of a snapshot's progress and of its
   * restart.
   */
  @WithDefault("4194304")
  @Override
  int snapshotChunkBytes();

  /**
   * How many connections read a PostgreSQL source's snapshot at once, each one block range at a
   * time, all in the snapshot its replication slot exported (so the snapshot and the stream meet
   * exactly). Each holds a transaction open on the source for the snapshot's length.
   */
  @WithDefault("2")
  @Override
  int postgresSnapshotReaders();

  /**
   * The heap blocks (8 KiB each) of one range a PostgreSQL snapshot reader reads with one {@code
   * COPY}: the unit of the snapshot's checkpoints, so of what a restarted capture reads again. 1024
   * blocks hold about 8 MiB of the table.
   */
  @WithDefault("1024")
  @Override
  int postgresSnapshotRangeBlocks();

  /**
   * Change-log entries a SQLite capture reads per poll while streaming, with the current rows they
   * point at, in one short read transaction.
   */
  @WithDefault("500")
  @Override
  int streamBatchSize();

  /**
   * How long a SQLite capture waits before looking at the change log again when it was empty. A
   * fence waits this long at most before it is read back, so it is part of a cutover's write pause;
   * each look is one short indexed read of the change log, and a busy capture does not wait at all.
   * Right after a look that found changes it waits only 2 ms, doubling on each empty look up to
   * this interval, so a steady writer's changes are not held for the whole interval.
   */
  @WithDefault("100ms")
  @Override
  Duration pollInterval();

  /**
   * Debezium's {@code poll.interval.ms} for PostgreSQL captures: how long its streaming loop sleeps
   * when the replication stream has nothing, and how long it holds a batch that is not full before
   * handing it over. Debezium's 500 ms makes a fence wait up to a second on an idle source, and a
   * cutover's write pause waits for the fence; a busy capture fills its batches without waiting, so
   * a short interval costs throughput nothing, and idle it is a non-blocking socket read. At 10,000
   * changes/s, 10 ms instead of 50 ms took the median source-to-target latency from 77 to 21 ms.
   */
  @WithDefault("10ms")
  @Override
  Duration postgresPollInterval();

  /**
   * Most change events a PostgreSQL capture hands to Kafka at once (Debezium's {@code
   * max.batch.size}; its queue holds four batches or 32 MiB). Each batch waits for Kafka's
   * acknowledgements and then stores its source offsets: Debezium's 2,048 made those waits a third
   * of a catch-up's time ({@code bench/catchup.sh}); a busy source fills larger batches, an idle
   * one hands over what it has every poll interval.
   */
  @WithDefault("8192")
  @Override
  int postgresBatchSize();

  /**
   * How often a SQLite capture deletes change-log entries that Kafka acknowledged. Each trim is a
   * short write transaction in the application's file (in rollback-journal mode its commit holds
   * the application's writers for an fsync or two), so not more often than needed.
   */
  @WithDefault("5s")
  @Override
  Duration trimInterval();

  /**
   * How long another capture of the same SQLite file may go unseen (neither its position nor its
   * heartbeat, once a minute, moving) before a running capture removes it from the file's
   * change-log consumers: a migration abandoned without an uninstall would otherwise hold the log,
   * and grow the application's file, forever. If it runs again it starts with a new snapshot.
   */
  @WithDefault("7d")
  @Override
  Duration sqliteStaleConsumerAfter();

  /**
   * How long a SQLite capture's statements wait on a lock held by the application before failing
   * (the application's own writers are never made to wait this long: reads are short).
   */
  @WithDefault("5s")
  @Override
  Duration sqliteBusyTimeout();

  /**
   * How often a SQLite capture compares the chunks of the file's sqlite-vec {@code vec0} tables
   * with what it emitted of them. sqlite-vec writes an {@code UPDATE} of a vector or metadata value
   * into its chunk with blob I/O, which no trigger sees: such a change reaches the change log, and
   * so the target, within this interval plus one scan. Each scan reads every chunk of those tables
   * (measured on 2 loaded cores: about 0.25 s of CPU for 200,000 vectors of 384 dimensions, 300 MB,
   * so 8 % of one core at this interval), skipped while nothing was written to the file; at least
   * 100 ms.
   */
  @WithDefault("3s")
  @Override
  Duration sqliteVec0ScanInterval();

  /**
   * How often the engines' source offsets are committed to Kafka. The engine commits only when a
   * batch is handed over, so with a longer interval the last batches before an idle period stay
   * uncommitted and are delivered again after a restart; 0 commits after every batch.
   */
  @WithDefault("0s")
  Duration offsetFlushInterval();

  /**
   * The longest the engines' offset store waits in one fetch of its offset topic ({@code 25ms}; the
   * {@code fetch.max.wait.ms} of its consumer). A PostgreSQL capture reads that topic to its end
   * after each commit of offsets, on the thread that polls the slot, before it confirms the
   * committed position to the slot; with Kafka's default (500 ms) that read waited behind the
   * consumer's idle fetch every few seconds, and every change committed meanwhile arrived half a
   * second late. Shorter waits cost the offset store a fetch that often while idle.
   */
  @WithDefault("25ms")
  Duration offsetStoreFetchWait();

  /**
   * How long after its request a replay of rejects starts: apply instances re-read the catalog
   * every {@code tributary.apply.catalog-refresh} (2 s), so a rule changed just before the request
   * is in force when the replayed rows arrive.
   */
  @WithDefault("5s")
  Duration replayDelay();

  /** How often running captures are reconciled with the control schema's active migrations. */
  @WithDefault("2s")
  Duration superviseInterval();

  /**
   * How often requested fences are looked for and written into their sources. A cutover holds the
   * applications' writes until apply committed past its fences, so this is part of the write pause;
   * each look is one query on the tiny {@code tributary.fences}, made only while captures run
   * ({@code 25ms}: 40 cheap queries a second, and a fence waits 12 ms on average).
   */
  @WithDefault("25ms")
  Duration fencePoll();

  /** How long to wait before restarting a failed capture. */
  @WithDefault("10s")
  Duration restartBackoff();

  /**
   * How often a PostgreSQL capture's Debezium connector sends a heartbeat: it lets the replication
   * slot advance (and the source recycle WAL) while the captured tables are idle.
   */
  @WithDefault("5s")
  @Override
  Duration heartbeatInterval();

  /**
   * How often the sources of ended migrations (cut over, failed) are checked for change capture
   * still installed, which is then removed: a source unreachable when its migration ended keeps its
   * triggers and change log, or its slot (holding WAL), until a sweep finds it reachable.
   */
  @WithDefault("10m")
  Duration endedSweepInterval();

  /** How often the WAL held by PostgreSQL sources' replication slots is read and recorded. */
  @WithDefault("10s")
  Duration slotLagInterval();
}
