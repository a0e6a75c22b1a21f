package io.tributary.source.spi.capture;

import java.util.Map;

/**
 * Where a connector is to start streaming after a snapshot its kind read itself ({@link
 * SnapshotStep#streamStart}), as the connector stores its own offsets: the capture host stores it
 * for the engine, under the engine's name, before the engine starts, so that the engine's first
 * start resumes from it as from any offset it stored itself.
 *
 * @param partition the connector's source partition
 * @param offset the connector's source offset
 */
public record StreamStart(Map<String, Object> partition, Map<String, Object> offset) {
  public StreamStart {
    partition = Map.copyOf(partition);
    offset = Map.copyOf(offset);
  }
}
