package io.tributary.orchestrator.command;

import io.tributary.auth.OperatorCredentials;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a {@code tributary.commands} event's signature: HMAC-SHA256 with the operator's secret
 * (the REST API's token, or a user's password in mode basic), so an event changes a migration only
 * for an operator, and the secret never travels through Kafka.
 */
@ApplicationScoped
public class CommandAuthenticator {
  private final OperatorCredentials credentials;

  public CommandAuthenticator(OperatorCredentials credentials) {
    this.credentials = credentials;
  }

  /**
   * @return the operator's name
   * @throws io.tributary.auth.OperatorAuthException saying what is wrong
   */
  public String authenticate(SignedCommand command) {
    return credentials.verifySignature(
        command.operator(), command.signedText(), command.signature());
  }
}
