package io.tributary.common.catalog;

/**
 * What a source column holds, counted over every row (SQLite keeps any type in any column): the
 * evidence the automatic casting rules decide on.
 *
 * @param nonNull values that are not NULL
 * @param texts text values
 * @param integers integer values
 * @param blobs BLOB values
 * @param uuids text values that are UUIDs (8-4-4-4-12 hex digits, any case)
 * @param jsonDocuments text values that are JSON objects or arrays
 * @param isoTimestamps text values that start like an ISO-8601 date ({@code 2024-01-15...})
 * @param isoDates text values that are exactly an ISO-8601 date
 * @param minBlobLength shortest BLOB in bytes (0 without BLOBs)
 * @param maxBlobLength longest BLOB in bytes (0 without BLOBs)
 * @param minInteger smallest integer value (0 without integers)
 * @param maxInteger largest integer value (0 without integers)
 */
public record ColumnProfile(
    long nonNull,
    long texts,
    long integers,
    long blobs,
    long uuids,
    long jsonDocuments,
    long isoTimestamps,
    long isoDates,
    long minBlobLength,
    long maxBlobLength,
    long minInteger,
    long maxInteger) {}
