package io.tributary.validator.target;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * The validator's pool of connections to the target: each connection starts as {@link
 * SchemaRoleDdlBuilder#VALIDATOR} (the startup parameter {@code role}, so {@code RESET ROLE} comes
 * back to it), which may read the control schema and every target schema and write only the
 * validator's results — whatever role the service logs in as. A deployment gives the validator a
 * login role that is a member of {@code tributary_validator} and nothing else (docs/operations.md);
 * with Tributary's own login (the local runtime, the tests) this is what keeps the validator to
 * those rights. It fails closed: before the control schema has the role (version 15), or for a
 * login that is not a member of it, PostgreSQL refuses the connection, saying which ({@code role
 * "tributary_validator" does not exist}, {@code permission denied to set role}); the validator
 * waits for that version on its own connection (ControlSchemaWait) before it validates.
 */
@Singleton
public class ValidatorPool implements PgPoolCreator {
  @Override
  public Pool create(Input input) {
    PgConnectOptions options = new PgConnectOptions(input.pgConnectOptionsList().get(0));
    options.addProperty("role", SchemaRoleDdlBuilder.VALIDATOR);
    return PgBuilder.pool()
        .with(input.poolOptions())
        .connectingTo(options)
        .using(input.vertx())
        .build();
  }
}
