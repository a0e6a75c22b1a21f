package io.tributary.source.spi.intake;

import java.util.List;

/**
 * An object of a source's schema other than its tables' rows and keys — a view, a function, a
 * trigger, a rule, a comment — as a migration carries it: the statements that make it in the target
 * schema, or why it is not made there.
 *
 * @param kind what it is ({@code view}, {@code materialized view}, {@code function}, {@code
 *     procedure}, {@code aggregate}, {@code trigger}, {@code rule}, {@code comment}, or {@link
 *     #EXTENSION}: an extension the others need, made by Tributary's role where the target lacks
 *     it, its {@code source} the extension's name, its {@code check} what needs it)
 * @param source its name in the source, qualified as the source spells it ({@code
 *     public.film_list}; a trigger or rule: {@code public.film.last_updated})
 * @param target its name in the target, qualified; null when it is not made
 * @param statements what makes it in the target, in order; empty when it is not made
 * @param notMadeBecause why it is not made; null when it is
 * @param check what a reader should check of it once made (a function whose string literals name a
 *     source schema: dynamic SQL no rewrite reaches); null when nothing
 */
public record SchemaObject(
    String kind,
    String source,
    String target,
    List<String> statements,
    String notMadeBecause,
    String check) {
  /** The kind of an extension the source's objects need on the target. */
  public static final String EXTENSION = "extension";

  public SchemaObject {
    statements = List.copyOf(statements);
  }

  /** An object made in the target by {@code statements}. */
  public static SchemaObject made(
      String kind, String source, String target, List<String> statements) {
    return new SchemaObject(kind, source, target, statements, null, null);
  }

  /** The same object, with what a reader should check of it. */
  public SchemaObject checking(String what) {
    return new SchemaObject(kind, source, target, statements, notMadeBecause, what);
  }

  /** An object not made in the target, and why. */
  public static SchemaObject notMade(String kind, String source, String reason) {
    return new SchemaObject(kind, source, null, List.of(), reason, null);
  }

  /** Whether it is made in the target. */
  public boolean made() {
    return notMadeBecause == null;
  }

  /** The line the dry run and the plan's answer say of it. */
  public String note() {
    if (!made()) {
      return kind + " " + source + " is not made in the target: " + notMadeBecause;
    }
    return kind + " " + source + " is made as " + target + (check == null ? "" : "; " + check);
  }
}
