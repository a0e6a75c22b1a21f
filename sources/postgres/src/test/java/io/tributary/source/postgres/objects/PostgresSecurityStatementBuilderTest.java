package io.tributary.source.postgres.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresSecurityStatementBuilderTest {
  private static final String TRIBUTARY =
      "(SELECT pg_catalog.pg_has_role(session_user, 'store_apply', 'MEMBER'))";

  @Test
  @DisplayName(
      "Row-level security is enabled (and forced) with a permissive policy that lets Tributary's"
          + " sessions see and write every row")
  void enablingLetsTributaryThrough() {
    assertThat(PostgresSecurityStatementBuilder.enable("store", "film", true))
        .containsExactly(
            "ALTER TABLE \"film\" ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY \"tributary_replication\" ON \"film\" AS PERMISSIVE FOR ALL TO PUBLIC"
                + " USING ("
                + TRIBUTARY
                + ") WITH CHECK ("
                + TRIBUTARY
                + ")",
            "ALTER TABLE \"film\" FORCE ROW LEVEL SECURITY");
  }

  @Test
  @DisplayName(
      "A permissive policy is made as declared; a restrictive one lets Tributary's sessions through")
  void policies() {
    assertThat(
            PostgresSecurityStatementBuilder.policy(
                "store",
                new PostgresSecurityStatementBuilder.Policy(
                    "own", "film", true, "r", List.of("", "app"), "(owner = CURRENT_USER)", null)))
        .isEqualTo(
            "CREATE POLICY \"own\" ON \"film\" AS PERMISSIVE FOR SELECT TO PUBLIC, \"app\""
                + " USING ((owner = CURRENT_USER))");
    assertThat(
            PostgresSecurityStatementBuilder.policy(
                "store",
                new PostgresSecurityStatementBuilder.Policy(
                    "live", "film", false, "*", List.of(""), "(NOT archived)", "(rate > 0)")))
        .isEqualTo(
            "CREATE POLICY \"live\" ON \"film\" AS RESTRICTIVE FOR ALL TO PUBLIC USING ("
                + TRIBUTARY
                + " OR ((NOT archived))) WITH CHECK ("
                + TRIBUTARY
                + " OR ((rate > 0)))");
  }

  @Test
  @DisplayName(
      "Grants keep their grant option apart; the object's owner maps to the schema's owner role")
  void grants() {
    assertThat(
            PostgresSecurityStatementBuilder.grant(
                "TABLE", "\"film\"", List.of("SELECT", "INSERT"), "app", true))
        .isEqualTo("GRANT SELECT, INSERT ON TABLE \"film\" TO \"app\" WITH GRANT OPTION");
    assertThat(
            PostgresSecurityStatementBuilder.revokePublicExecute(
                "FUNCTION", "\"f\"(integer)", "store"))
        .isEqualTo(
            "REVOKE EXECUTE ON FUNCTION \"f\"(integer) FROM PUBLIC; GRANT EXECUTE ON FUNCTION"
                + " \"f\"(integer) TO \"store_apply\", \"tributary_validator\"");
    assertThat(PostgresSecurityStatementBuilder.targetRole("postgres", "postgres", "store"))
        .isEqualTo("store");
    assertThat(PostgresSecurityStatementBuilder.targetRole("app", "postgres", "store"))
        .isEqualTo("app");
    assertThat(PostgresSecurityStatementBuilder.targetRole("", "postgres", "store")).isEmpty();
  }
}
