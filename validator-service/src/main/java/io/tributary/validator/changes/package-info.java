/**
 * Which rows changed after a position: the cutover verifies every table before the freeze at a
 * position P (fences, one per source), and afterwards only the rows changed after P need looking at
 * again. {@link io.tributary.validator.changes.FenceOffsets} says where fences stand on the table
 * topics, {@link io.tributary.validator.changes.ChangedKeysReader} reads the keys of the changes
 * between two positions, and {@link io.tributary.validator.changes.KeySignature} matches a change's
 * key (source names) with a listed difference's key (target names).
 */
package io.tributary.validator.changes;
