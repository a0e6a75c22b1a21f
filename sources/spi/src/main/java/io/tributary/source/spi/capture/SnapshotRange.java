package io.tributary.source.spi.capture;

/**
 * A checkpoint of a snapshot a kind reads in ranges ({@link SnapshotStep}): one range of a table is
 * in Kafka, with every chunk of the table sent before it.
 *
 * @param topic the table's topic
 * @param label the range as the kind prints and parses it
 * @param chunks the table's chunks sent when the range was done (of every range): the number of the
 *     last one
 * @param rows the rows in them
 * @param rejects the rows refused in them
 */
public record SnapshotRange(String topic, String label, long chunks, long rows, long rejects) {}
