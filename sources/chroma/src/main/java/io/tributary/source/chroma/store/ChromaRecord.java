package io.tributary.source.chroma.store;

/**
 * One record of a collection as Tributary migrates it.
 *
 * @param id the record's id
 * @param document its document, null when it has none
 * @param metadata its metadata as a JSON object's text, typed as Chroma keeps it (strings, integers
 *     without and floats with a decimal point, booleans, arrays from Chroma 1.5); null when it has
 *     none
 * @param embedding its vector, the float32 values Chroma holds; null when Chroma holds none
 */
public record ChromaRecord(String id, String document, String metadata, float[] embedding) {}
