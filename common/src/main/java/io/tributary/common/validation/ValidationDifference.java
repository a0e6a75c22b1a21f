package io.tributary.common.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One row that differs between source and target, as published in a {@link Comparison}, stored in
 * {@code tributary.validation_differences} and returned by the REST APIs.
 *
 * @param position its place in the result's list, from 1
 * @param kind {@code missing} (in the source, not the target), {@code extra} (in the target, not
 *     the source) or {@code differing} (on both sides, values differ)
 * @param key the row's key (target column names; a source row that cannot be cast: its source key),
 *     e.g. {@code {"id": 7}}
 * @param columns the columns whose values differ ({@code differing} only)
 * @param sourceValues the values the source holds (the whole row for {@code missing}, the differing
 *     columns for {@code differing}; null for {@code extra}), in the change events' JSON encoding
 * @param targetValues the values the target holds (the whole row for {@code extra}, the differing
 *     columns for {@code differing}; null for {@code missing})
 * @param detail why, in words, when known
 */
public record ValidationDifference(
    int position,
    String kind,
    @Schema(type = SchemaType.OBJECT, description = "The row's key") JsonNode key,
    List<String> columns,
    @Schema(type = SchemaType.OBJECT, nullable = true) JsonNode sourceValues,
    @Schema(type = SchemaType.OBJECT, nullable = true) JsonNode targetValues,
    String detail) {}
