package io.tributary.source.spi.freeze;

/**
 * What the cutover offers a kind's {@link KindFreezer}.
 *
 * @param bouncers PgBouncer's admin consoles
 * @param roles read-only roles in a PostgreSQL database
 */
public record FreezeContext(PgBouncerControl bouncers, RoleFreeze roles) {}
