package io.tributary.orchestrator.finalize;

import io.tributary.common.naming.Identifiers;

/**
 * The statements {@link DefinitionsAhead} runs a definition-only finalize step by, inside the
 * provisioning transaction: the step in a {@code DO} block that catches its error (a PL/pgSQL
 * exception block is a subtransaction, so the provisioning transaction goes on) and leaves the
 * message in a transaction-local setting, read right after. The reactive client rolls a transaction
 * back at the first statement that fails, so a step may not fail as a statement.
 */
final class DefinitionAheadStatements {
  /** The transaction-local setting that holds why the last step failed; empty when it worked. */
  static final String FAILURE_SETTING = "tributary.definition_failed";

  /** Empties {@link #FAILURE_SETTING} before a step. */
  static final String CLEAR = "SELECT set_config('" + FAILURE_SETTING + "', '', true)";

  /** Reads {@link #FAILURE_SETTING} after a step: empty when it worked. */
  static final String FAILURE = "SELECT current_setting('" + FAILURE_SETTING + "', true)";

  private static final String TAG = "$tributary_ahead$";

  private DefinitionAheadStatements() {}

  /**
   * The step's statement, its failure caught into {@link #FAILURE_SETTING}; null when the statement
   * holds this block's quoting tag (then it is left to finalize).
   */
  static String guarded(String statement) {
    if (statement.contains(TAG)) {
      return null;
    }
    return "DO "
        + TAG
        + " BEGIN EXECUTE "
        + Identifiers.literal(statement)
        + "; EXCEPTION WHEN OTHERS THEN PERFORM set_config('"
        + FAILURE_SETTING
        + "', SQLERRM || ' (' || SQLSTATE || ')', true); END "
        + TAG;
  }
}
