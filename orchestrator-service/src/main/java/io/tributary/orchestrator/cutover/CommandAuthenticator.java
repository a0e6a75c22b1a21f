package io.tributary.orchestrator.cutover;

import io.tributary.orchestrator.auth.OperatorCredentials;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks the credential a {@code tributary.commands} event carries: the same as the REST API's
 * {@code Authorization} header, so an event changes a migration only for an operator.
 */
@ApplicationScoped
public class CommandAuthenticator {
  private final OperatorCredentials credentials;

  public CommandAuthenticator(OperatorCredentials credentials) {
    this.credentials = credentials;
  }

  /**
   * @param authorization the event's {@code authorization} field, as an HTTP Authorization header
   * @return the operator's name
   * @throws io.tributary.orchestrator.auth.OperatorAuthException saying what is wrong
   */
  public String authenticate(String authorization) {
    return credentials.authenticate(
        authorization, "this command changes a migration and needs an operator credential");
  }
}
