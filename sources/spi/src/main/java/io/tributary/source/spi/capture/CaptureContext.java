package io.tributary.source.spi.capture;

import java.util.function.ToIntFunction;

/**
 * What cdc-service offers a kind's capture.
 *
 * @param settings the capture settings
 * @param records what the control schema keeps of each source's capture
 * @param partitionsFor how many partitions a topic has (markers go to every one)
 * @param storedOffsets the source offsets the engines stored
 */
public record CaptureContext(
    CaptureSettings settings,
    CaptureRecords records,
    ToIntFunction<String> partitionsFor,
    StoredOffsets storedOffsets) {}
