package io.tributary.common.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Finalize builds a table's indexes, identity, defaults and statistics as the role that owns the
 * table ({@link SchemaRoleDdlBuilder#actAsOwnerOf}): an index expression evaluated during the build
 * has the schema role's rights, not Tributary's (issue 47, H1).
 */
@ExtendWith(TributaryInfraExtension.class)
class ActAsOwnerIT {
  private final TestInfrastructure infra;

  ActAsOwnerIT(TestInfrastructure infra) {
    this.infra = infra;
  }

  @Test
  @DisplayName(
      "As the owner of a provisioned table: current_user is the schema's role to the end of the"
          + " transaction, Tributary's secrets are out of reach; a table Tributary owns stays"
          + " Tributary's")
  void actsAsTheTablesOwner() throws SQLException {
    String database = infra.createDatabase("act_as_owner");
    String schema = "own_" + UUID.randomUUID().toString().substring(0, 6);
    String table = "\"" + schema + "\".\"notes\"";
    try (Connection c = infra.connect(database);
        Statement st = c.createStatement()) {
      // the validator's role, which the control schema's migration makes (cluster-wide)
      st.execute(
          "DO $$ BEGIN CREATE ROLE "
              + SchemaRoleDdlBuilder.VALIDATOR
              + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
      st.execute("CREATE SCHEMA secrets");
      st.execute("CREATE TABLE secrets.keys (k text)");
      st.execute("CREATE TABLE public.legacy (id int)");
      c.setAutoCommit(false);
      for (String sql : SchemaRoleDdlBuilder.createSchema(schema)) {
        st.execute(sql);
      }
      st.execute(SchemaRoleDdlBuilder.actAs(schema));
      st.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, body text)");
      st.execute(SchemaRoleDdlBuilder.RESUME);
      c.commit();

      st.execute(SchemaRoleDdlBuilder.actAsOwnerOf(table));
      assertThat(one(st, "SELECT current_user")).isEqualTo(schema);
      st.execute("CREATE INDEX ON " + table + " (lower(body))");
      assertThatThrownBy(() -> st.execute("SELECT count(*) FROM secrets.keys"))
          .hasMessageContaining("permission denied");
      c.rollback();

      st.execute(SchemaRoleDdlBuilder.actAsOwnerOf("\"public\".\"legacy\""));
      assertThat(one(st, "SELECT current_user")).isEqualTo(infra.postgresUser());
      c.rollback();
    }
  }

  private static String one(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
