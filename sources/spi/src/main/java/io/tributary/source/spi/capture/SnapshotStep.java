package io.tributary.source.spi.capture;

import java.util.Optional;

/**
 * A snapshot a kind reads itself before its engine streams, publishing the chunks on the source's
 * snapshot topic (a PostgreSQL source read in parallel in its slot's exported snapshot). The
 * capture host runs it on the engine's thread and starts the engine only once it returned: the
 * stream then begins where the snapshot was taken.
 */
public interface SnapshotStep {
  /** No snapshot to read first. */
  SnapshotStep NONE =
      new SnapshotStep() {
        @Override
        public boolean run(SnapshotPublisher publisher) {
          return true;
        }

        @Override
        public void stop() {}
      };

  /**
   * Reads the snapshot and publishes it.
   *
   * @return true when it is complete (the engine may stream), false when {@link #stop} ended it
   *     first
   * @throws Exception when the read or the publishing failed: the engine does not start, the host
   *     records the failure and starts the capture again later
   */
  boolean run(SnapshotPublisher publisher) throws Exception;

  /** Ends a run early (the capture stops): called from another thread. */
  void stop();

  /**
   * Where the engine starts streaming once {@link #run} completed, stored as its offset before it
   * starts; empty: where the engine's stored offsets (or its own defaults) say.
   *
   * @throws Exception when the source cannot tell now (the engine does not start)
   */
  default Optional<StreamStart> streamStart() throws Exception {
    return Optional.empty();
  }
}
