package io.tributary.orchestrator.api;

/**
 * A failed request.
 *
 * @param error what went wrong
 */
public record ErrorResponse(String error) {}
