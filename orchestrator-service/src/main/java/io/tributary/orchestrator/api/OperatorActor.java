package io.tributary.orchestrator.api;

import jakarta.enterprise.context.RequestScoped;

/** Who made the current API request, as the audit log names them. */
@RequestScoped
public class OperatorActor {
  public String name() {
    return "api";
  }
}
