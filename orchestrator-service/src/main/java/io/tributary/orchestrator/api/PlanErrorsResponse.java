package io.tributary.orchestrator.api;

import io.tributary.common.plan.PlanError;
import java.util.List;

/**
 * A refused plan: every problem, each naming its field ({@code sources[0].path}).
 *
 * @param errors the problems, each {@code {"field","message"}}
 */
public record PlanErrorsResponse(List<PlanError> errors) {}
