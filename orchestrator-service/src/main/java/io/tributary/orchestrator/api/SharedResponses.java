package io.tributary.orchestrator.api;

/**
 * The names of the responses the operator API's OpenAPI document declares once (in this package's
 * {@code package-info.java}) and operations refer to: {@code @APIResponse(responseCode = "404", ref
 * = SharedResponses.NO_MIGRATION)}.
 */
final class SharedResponses {
  /** 404: no migration has the id in the path ({@link ErrorResponse}). */
  static final String NO_MIGRATION = "NoMigration";

  private SharedResponses() {}
}
