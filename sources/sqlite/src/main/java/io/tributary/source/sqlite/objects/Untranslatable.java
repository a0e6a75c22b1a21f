package io.tributary.source.sqlite.objects;

/**
 * What keeps a view's or a trigger's SQLite SQL from being translated into PostgreSQL: the reason
 * the dry run gives for not making it.
 */
final class Untranslatable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Untranslatable(String reason) {
    super(reason, null, false, false);
  }
}
