/**
 * The source side of validation for SQLite sources ({@code SqliteSourceReader}, the kind's {@code
 * ValidationSource}): counts, checksums and row scans ({@code SqliteRowScanner}) of a source file,
 * each in one read transaction through sources/sqlite's connection factory, with the statements of
 * {@code SqliteStatementBuilder}; and the file's write mark (its change-log sequence).
 */
package io.tributary.source.sqlite.validate;
