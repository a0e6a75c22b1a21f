/**
 * The source side of validation for SQLite sources ({@link
 * io.tributary.validator.sqlite.SqliteTableVerifier}, the kind's {@code SourceVerifier}): counts,
 * checksums and row scans of a source file, each in one read transaction through sources/sqlite's
 * connection factory, and the file's write mark (its change-log sequence).
 */
package io.tributary.validator.sqlite;
