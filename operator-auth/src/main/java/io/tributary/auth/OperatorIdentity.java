package io.tributary.auth;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who made the current REST request: the operator's name as {@link
 * OperatorCredentials#authenticate(String)} returned it, or {@value #ANONYMOUS} for reads that need
 * no credential. Filled by {@link OperatorAuthFilter}; inject it to record the actor of a change.
 */
@RequestScoped
public class OperatorIdentity {
  /** The name of callers without a credential (open reads, mode {@code none}). */
  public static final String ANONYMOUS = "anonymous";

  private String name = ANONYMOUS;

  /** Who made the current request. */
  public String name() {
    return name;
  }

  void identify(String name) {
    this.name = name;
  }
}
