package io.tributary.source.spi.capture;

import java.time.Duration;

/**
 * The capture settings a kind's capture reads (cdc-service's {@code tributary.capture.*}
 * configuration, which documents each one and gives its default).
 */
public interface CaptureSettings {

  /** The topic of progress markers (snapshot completions, fences). */
  String progressTopic();

  /** Rows read per fetch while snapshotting. */
  int snapshotFetchSize();

  /** The size, in bytes of binary {@code COPY} rows, at which a snapshot chunk is closed. */
  int snapshotChunkBytes();

  /**
   * The largest record capture publishes, in bytes (key, value and headers): a snapshot chunk's row
   * must fit in one with room for the chunk's headers.
   */
  int maxRecordBytes();

  /**
   * The largest row, in binary {@code COPY} form, a snapshot chunk may carry (alone): the record
   * limit less a fifth for the chunk's headers (its rejects take up to a quarter of the chunk
   * size).
   */
  default int snapshotMaxRowBytes() {
    return maxRecordBytes() - maxRecordBytes() / 5;
  }

  /** How many connections read a PostgreSQL source's snapshot at once. */
  int postgresSnapshotReaders();

  /** The heap blocks (8 KiB each) of one range a PostgreSQL snapshot reader reads at a time. */
  int postgresSnapshotRangeBlocks();

  /** Change-log entries read per poll while streaming. */
  int streamBatchSize();

  /** How long a change-log capture waits between polls that found nothing. */
  Duration pollInterval();

  /** Debezium's PostgreSQL connector: its poll interval. */
  Duration postgresPollInterval();

  /** Debezium's PostgreSQL connector: its batch size. */
  int postgresBatchSize();

  /** How often a change-log capture trims what every consumer has read. */
  Duration trimInterval();

  /** After how long without progress a SQLite change-log consumer counts as gone. */
  Duration sqliteStaleConsumerAfter();

  /** How long a SQLite connection waits for a lock held by the application. */
  Duration sqliteBusyTimeout();

  /** How often a SQLite capture scans vec0 tables for changes no trigger sees. */
  Duration sqliteVec0ScanInterval();

  /** Debezium's heartbeat interval. */
  Duration heartbeatInterval();
}
