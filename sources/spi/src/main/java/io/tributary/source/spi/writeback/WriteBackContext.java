package io.tributary.source.spi.writeback;

import java.time.Duration;

/**
 * What the fallback window offers a kind's {@link WriteBackKind}.
 *
 * @param fileLockWait how long a write into a source file waits on the applications' locks
 *     (capture's {@code tributary.capture.sqlite-busy-timeout}); a kind whose sources are servers
 *     keeps its own
 */
public record WriteBackContext(Duration fileLockWait) {}
