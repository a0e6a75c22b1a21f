package io.tributary.common.catalog;

import io.tributary.common.sql.TargetType;

/**
 * One column of a captured table, as recorded in the control schema at provisioning.
 *
 * @param name the source column name
 * @param sourceType the declared source type, as written in the source ("" when none)
 * @param targetName the target column name
 * @param targetType the target column type
 * @param keyPosition 1-based position in the primary key, 0 when not a key column
 * @param nullable false when the source declares NOT NULL
 */
public record ColumnDef(
    String name,
    String sourceType,
    String targetName,
    TargetType targetType,
    int keyPosition,
    boolean nullable) {}
