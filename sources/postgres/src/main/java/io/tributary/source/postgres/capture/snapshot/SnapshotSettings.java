package io.tributary.source.postgres.capture.snapshot;

import io.tributary.source.spi.capture.ChunkWriter;

/**
 * How a PostgreSQL snapshot is read: by how many reader connections, in block ranges of what size,
 * into chunks of what size.
 *
 * @param readers reader connections, each reading one range at a time
 * @param rangeBlocks heap blocks per range (8 KiB each by default: 1024 ≈ 8 MiB of heap)
 * @param targetBytes the size a chunk is closed at
 * @param maxRowBytes the largest row, in {@code COPY} form, a chunk may carry (alone)
 */
public record SnapshotSettings(int readers, long rangeBlocks, int targetBytes, int maxRowBytes) {
  /** Two readers, ranges of 1024 blocks, 4 MiB chunks. */
  public static SnapshotSettings defaults(int maxRowBytes) {
    return new SnapshotSettings(2, 1024, ChunkWriter.DEFAULT_TARGET_BYTES, maxRowBytes);
  }

  public SnapshotSettings {
    if (readers < 1) {
      throw new IllegalArgumentException("a snapshot needs at least one reader, not " + readers);
    }
  }
}
