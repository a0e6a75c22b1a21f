package io.tributary.cdc.apply;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Apply settings ({@code tributary.apply.*}). */
@ConfigMapping(prefix = "tributary.apply")
public interface ApplyConfig {
  /** Whether this instance applies changes at all (capture-only instances set false). */
  @WithDefault("true")
  boolean enabled();

  /** The Kafka consumer group; instances in one group share the table topics' partitions. */
  @WithDefault("tributary-apply")
  String groupId();

  /** Most records taken by one poll; one poll is written in one target transaction. */
  @WithDefault("5000")
  int maxPollRecords();

  /**
   * Most bytes of records one poll fetches (Kafka's {@code fetch.max.bytes}; a partition gets a
   * quarter). With wide rows (vectors, documents) this, not the record count, bounds the memory a
   * batch takes: decoded, a batch takes a few times its bytes.
   */
  @WithDefault("8388608")
  int maxPollBytes();

  /** How long one poll waits for records. */
  @WithDefault("500ms")
  Duration pollTimeout();

  /** Attempts to write a batch before the consumer rewinds to the stored offsets and tries anew. */
  @WithDefault("5")
  int retryAttempts();

  /**
   * The apply consumer's Kafka session timeout: how long after an apply instance died (SIGKILL, a
   * lost machine) Kafka gives its partitions to another instance, or to the same one restarted.
   * Kafka's default; the broker allows 6 s to 30 min ({@code group.min/max.session.timeout.ms}).
   * Heartbeats go every third of it.
   */
  @WithDefault("45s")
  Duration sessionTimeout();

  /** Wait before the first retry; doubled on each further one, up to 30 s. */
  @WithDefault("500ms")
  Duration retryBackoff();

  /**
   * How often the table catalog is read again to subscribe to the topics of newly recorded
   * migrations.
   */
  @WithDefault("2s")
  Duration catalogRefresh();

  /**
   * PostgreSQL's {@code synchronous_commit} for apply's transactions ({@code SET LOCAL}). Off by
   * default: a commit then returns before its WAL is flushed, and apply writes the next batch
   * meanwhile. This loses nothing: each transaction stores the Kafka offsets of the rows it writes,
   * so a PostgreSQL crash that forgets the last commits (at most three {@code wal_writer_delay},
   * 600 ms by default) forgets their offsets with them, and apply writes those records again from
   * Kafka. Any later synchronous commit (finalize, the cutover's steps) flushes them first. {@code
   * on} (or {@code remote-apply} with a synchronous standby) waits for every batch's flush.
   */
  @WithDefault("off")
  SynchronousCommit synchronousCommit();

  /** The values of PostgreSQL's {@code synchronous_commit} that apply can use. */
  enum SynchronousCommit {
    OFF("off"),
    LOCAL("local"),
    REMOTE_WRITE("remote_write"),
    ON("on"),
    REMOTE_APPLY("remote_apply");

    private final String setting;

    SynchronousCommit(String setting) {
      this.setting = setting;
    }

    /** As PostgreSQL spells it. */
    public String setting() {
      return setting;
    }
  }

  /**
   * PostgreSQL's {@code maintenance_work_mem} while apply builds the key of a bulk-loaded table
   * ({@code SET LOCAL}; a PostgreSQL memory size such as {@code 256MB}): the sort of a large
   * table's key spills to disk below it.
   */
  @WithDefault("256MB")
  String keyBuildMemory();

  /**
   * How many keys of chunked tables build at once, each on a thread and a target connection of its
   * own, while apply goes on writing the chunks of other tables (PostgreSQL may add parallel
   * workers of its own to each build: {@code max_parallel_maintenance_workers}).
   */
  @WithDefault("2")
  int keyBuildThreads();

  /**
   * Most records one transaction takes while apply is behind: as long as the assigned partitions
   * hold more than one poll ({@link #maxPollRecords}) beyond the consumer's position, apply keeps
   * polling into the same batch up to this many records ({@link #maxBatchBytes}, {@link
   * #batchWait}); a consumer that keeps up writes each poll as it comes.
   */
  @WithDefault("50000")
  int maxBatchRecords();

  /** Most bytes of record values one batch gathered from several polls holds. */
  @WithDefault("33554432")
  int maxBatchBytes();

  /** Longest time spent gathering one batch from several polls. */
  @WithDefault("50ms")
  Duration batchWait();

  /**
   * Reduced changes of one table (upserts, or deletes) from which a batch is written through
   * staging tables ({@code COPY} into a temporary table, then one statement per kind of change) on
   * pgJDBC instead of one {@code unnest} statement per kind on the Vert.x client; 0 stages every
   * batch.
   */
  @WithDefault("500")
  int stageThreshold();

  /**
   * How staged rows go into their table ({@link #stageThreshold}): one {@code INSERT ... ON
   * CONFLICT} by default, measured faster than {@code UPDATE ... FROM} then {@code INSERT ... WHERE
   * NOT EXISTS} (50,000 rows into a table of a million: 2.2-2.8 s against 2.4-3.6 s + 0.5 s on a
   * loaded 2-core machine).
   */
  @WithDefault("on-conflict")
  StagedUpsert stagedUpsert();

  /** How staged rows go into their table. */
  enum StagedUpsert {
    /** One {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE}. */
    ON_CONFLICT,
    /** {@code UPDATE ... FROM} the stage, then {@code INSERT ... WHERE NOT EXISTS}. */
    UPDATE_INSERT
  }

  /** How long one target transaction may take before it counts as failed. */
  @WithDefault("5m")
  Duration writeTimeout();
}
