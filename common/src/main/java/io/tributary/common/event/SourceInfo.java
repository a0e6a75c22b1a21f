package io.tributary.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code source} block of the envelope: where and when a change happened.
 *
 * @param connector {@code sqlite}, {@code postgresql}, ...
 * @param name the migration and source, {@code <migration>.<source>}
 * @param db the source database (file path or database name)
 * @param schema the source schema ({@code main} for SQLite)
 * @param table the source table
 * @param snapshot {@code true} for snapshot reads, {@code last} for the last read of a table's
 *     snapshot, {@code false} for streamed changes
 * @param pos the monotonic position of the change (PostgreSQL LSN, SQLite change-log sequence);
 *     snapshot reads carry the position at which their snapshot was taken
 * @param tsMs when the change was committed at the source (for snapshot reads: when read)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceInfo(
    String connector,
    String name,
    String db,
    String schema,
    String table,
    String snapshot,
    long pos,
    long tsMs) {}
