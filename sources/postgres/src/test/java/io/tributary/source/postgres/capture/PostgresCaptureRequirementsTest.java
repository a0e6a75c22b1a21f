package io.tributary.source.postgres.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.source.postgres.capture.PostgresCaptureRequirements.Observed;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresCaptureRequirementsTest {
  private static final String SERVER = "letta@db:5432/letta";

  @Test
  @DisplayName("Logical WAL and a superuser or a REPLICATION role: nothing to fix")
  void acceptsLogicalWalAndReplication() {
    assertThat(
            PostgresCaptureRequirements.problems(new Observed("logical", "u", true, false), SERVER))
        .isEmpty();
    assertThat(
            PostgresCaptureRequirements.problems(new Observed("logical", "u", false, true), SERVER))
        .isEmpty();
  }

  @Test
  @DisplayName("wal_level other than logical: set it and restart")
  void refusesReplicaWal() {
    assertThat(
            PostgresCaptureRequirements.problems(new Observed("replica", "u", true, true), SERVER))
        .containsExactly(
            "wal_level is 'replica' on letta@db:5432/letta, but capture needs logical decoding:"
                + " set wal_level=logical (postgresql.conf or ALTER SYSTEM SET wal_level ="
                + " logical) and restart the server");
  }

  @Test
  @DisplayName("A user that is neither superuser nor REPLICATION: grant it, quoted")
  void refusesUserWithoutReplication() {
    assertThat(
            PostgresCaptureRequirements.problems(
                new Observed("minimal", "Odd\"User", false, false), SERVER))
        .hasSize(2)
        .last()
        .isEqualTo(
            "user 'Odd\"User' may not replicate, but capture reads changes through a replication"
                + " slot: run ALTER ROLE \"Odd\"\"User\" WITH REPLICATION, or name a user that"
                + " has it in the url");
  }

  @Test
  @DisplayName("Missing USAGE and SELECT grants say which GRANT to run, quoted")
  void saysWhichGrantToRun() {
    assertThat(PostgresCaptureRequirements.schemaWithoutUsage("Billing", "letta"))
        .isEqualTo(
            "user 'letta' may not use schema Billing: run GRANT USAGE ON SCHEMA \"Billing\" TO"
                + " \"letta\" (and GRANT SELECT ON ALL TABLES IN SCHEMA \"Billing\" TO \"letta\")");
    assertThat(PostgresCaptureRequirements.tableWithoutSelect("public", "user", "letta"))
        .isEqualTo(
            "user 'letta' may not read table public.user: run GRANT SELECT ON \"public\".\"user\""
                + " TO \"letta\", or list public.user under exclude");
  }
}
