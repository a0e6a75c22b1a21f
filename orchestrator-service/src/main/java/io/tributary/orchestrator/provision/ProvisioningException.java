package io.tributary.orchestrator.provision;

/** An accepted plan that could not be recorded or provisioned; nothing of it was written. */
public class ProvisioningException extends RuntimeException {
  private final String migration;

  public ProvisioningException(String migration, Throwable cause) {
    super("Failed to provision migration '" + migration + "': " + cause.getMessage(), cause);
    this.migration = migration;
  }

  public String migration() {
    return migration;
  }
}
