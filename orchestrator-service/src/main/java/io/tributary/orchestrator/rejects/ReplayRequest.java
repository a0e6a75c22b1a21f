package io.tributary.orchestrator.rejects;

import java.time.OffsetDateTime;

/**
 * A requested replay of a source's rejects, with its outcome once cdc-service carried it out.
 *
 * @param id the replay
 * @param source the source whose rejects are replayed
 * @param table the one table replayed, null for all
 * @param requestedAt when it was requested
 * @param doneAt when capture put the rows back into the change stream (null: not yet)
 * @param replayedRows rejects whose rows went back into the stream
 * @param skippedRows rejects without a readable key (nothing to look up)
 * @param error why it could not be done
 */
public record ReplayRequest(
    long id,
    String source,
    String table,
    OffsetDateTime requestedAt,
    OffsetDateTime doneAt,
    Long replayedRows,
    Long skippedRows,
    String error) {}
