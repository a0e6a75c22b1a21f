package io.tributary.source.postgres.catalog;

import io.tributary.common.naming.Identifiers;

/**
 * A domain, composite or range type of a PostgreSQL source, as it is made in the target before the
 * tables that use it (enums are {@link io.tributary.common.catalog.EnumDef}s).
 *
 * @param kind {@code domain}, {@code composite type} or {@code range type}
 * @param sourceSchema its schema in the source
 * @param name its name, in the source and the target
 * @param targetSchema the schema it is made in
 * @param create the statement that makes it, its names spelled for the target ({@code CREATE DOMAIN
 *     "app"."year" AS integer CONSTRAINT "year_check" CHECK (...)}); made with the target schema
 *     alone on the search path, as its owner role
 */
public record PostgresUserType(
    String kind, String sourceSchema, String name, String targetSchema, String create) {
  /** {@code "schema"."name"}: its spelling in the target. */
  public String targetSql() {
    return Identifiers.qualified(targetSchema, name);
  }

  /** The line the dry run and the plan's answer say of it. */
  public String note() {
    return kind
        + " "
        + sourceSchema
        + "."
        + name
        + " is made as "
        + targetSchema
        + "."
        + name
        + " before the tables";
  }
}
