package io.tributary.source.spi.capture;

import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * What cdc-service offers a kind's capture.
 *
 * @param settings the capture settings
 * @param records what the control schema keeps of each source's capture
 * @param partitionsFor how many partitions a topic has (markers go to every one)
 * @param storedOffsets the source offsets the engines stored
 * @param targetTypeOid the target database's oid of a type by its spelling ({@code "app"."mood"}):
 *     binary {@code COPY} arrays name their element type by oid, which differs between databases
 */
public record CaptureContext(
    CaptureSettings settings,
    CaptureRecords records,
    ToIntFunction<String> partitionsFor,
    StoredOffsets storedOffsets,
    ToLongFunction<String> targetTypeOid) {}
