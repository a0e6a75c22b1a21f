package io.tributary.source.postgres.catalog;

/**
 * A type as PostgreSQL's catalog ({@code pg_type}) describes it, with what it refers to resolved.
 *
 * @param oid its oid
 * @param schema the schema it lives in ({@code pg_catalog} for built-in types)
 * @param name its name ({@code typname}: {@code int4}, {@code varchar}, {@code vector}, ...)
 * @param kind {@code typtype}: {@code b} base, {@code e} enum, {@code d} domain, {@code c}
 *     composite, {@code r} range, {@code m} multirange, {@code p} pseudo
 * @param category {@code typcategory}: {@code A} for arrays
 * @param element for arrays the element type, else null
 * @param base for domains the underlying type, else null
 * @param baseTypmod for domains the type modifier they put on their base type, else -1
 */
public record PostgresType(
    long oid,
    String schema,
    String name,
    char kind,
    char category,
    PostgresType element,
    PostgresType base,
    int baseTypmod) {
  /** The first oid of a user-defined object: built-in types have the same oid everywhere. */
  public static final long FIRST_NORMAL_OID = 16_384;

  /** A built-in base type of {@code pg_catalog}, for tests and simple callers. */
  public static PostgresType builtin(String name) {
    return new PostgresType(0, "pg_catalog", name, 'b', 'U', null, null, -1);
  }

  /** An array of {@code element}. */
  public static PostgresType arrayOf(PostgresType element) {
    return new PostgresType(0, element.schema(), "_" + element.name(), 'b', 'A', element, null, -1);
  }

  /** True for arrays. */
  public boolean isArray() {
    return category == 'A' && element != null;
  }

  /** {@code schema.name}, for messages. */
  public String qualifiedName() {
    return schema + "." + name;
  }
}
