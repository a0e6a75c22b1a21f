/**
 * Chroma's HNSW vector segment files, read in plain Java: {@link
 * io.tributary.source.chroma.hnsw.HnswSegment} (the live ids and their vectors), {@link
 * io.tributary.source.chroma.hnsw.HnswHeader} ({@code header.bin}) and {@link
 * io.tributary.source.chroma.hnsw.PickleReader} ({@code index_metadata.pickle}, without executing
 * anything). The formats are those hnswlib's persistent mode and Chroma 0.5, 0.6 and 1.x write.
 */
package io.tributary.source.chroma.hnsw;
