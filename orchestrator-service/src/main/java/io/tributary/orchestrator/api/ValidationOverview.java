package io.tributary.orchestrator.api;

import io.tributary.common.validation.ValidationResult;
import io.tributary.orchestrator.validation.ValidationRequest;
import java.util.List;

/**
 * A migration's validation: its newest requests and, per table and mode, the latest result.
 *
 * @param migration the migration
 * @param requests the newest deep and final requests, newest first
 * @param tables per table (by source and table) and per mode that has a result ({@code continuous},
 *     {@code deep}, {@code final}), the latest result
 */
public record ValidationOverview(
    String migration, List<ValidationRequest> requests, List<ValidationResult> tables) {}
