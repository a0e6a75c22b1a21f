package io.tributary.source.spi.intake;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.FullTextRule;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.TableExtras;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds PostgreSQL full-text search for a table: a stored generated {@code tsvector} column over
 * its text columns ({@code to_tsvector('simple'::regconfig, coalesce("a"::text, '') || ' ' ||
 * ...)}), which PostgreSQL keeps current on every write, and the GIN index finalize builds on it
 * after the load. Apply never writes the column. Builds strings only.
 */
public final class FullTextStatementBuilder {
  /** A text search configuration's name: a plain identifier, spelled as a literal. */
  public static final Pattern CONFIGURATION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private FullTextStatementBuilder() {}

  /**
   * The generated column.
   *
   * @param targetColumns the target names of the columns searched, in order
   * @throws IllegalArgumentException when the configuration's name is not an identifier
   */
  public static TableExtras.ExtraColumn column(FullTextRule rule, List<String> targetColumns) {
    if (!CONFIGURATION.matcher(rule.language()).matches()) {
      throw new IllegalArgumentException(
          "'" + rule.language() + "' is not a text search configuration's name (e.g. simple)");
    }
    String text =
        targetColumns.stream()
            .map(c -> "coalesce(" + Identifiers.quote(c) + "::text, '')")
            .collect(Collectors.joining(" || ' ' || "));
    return new TableExtras.ExtraColumn(
        rule.column(),
        "tsvector GENERATED ALWAYS AS (to_tsvector("
            + Identifiers.literal(rule.language())
            + "::regconfig, "
            + text
            + ")) STORED",
        null);
  }

  /** The GIN index on the generated column, {@code <table>_<column>_idx}. */
  public static FinalizeStep index(TableDef table, FullTextRule rule) {
    String qualified = Identifiers.qualified(table.targetSchema(), table.targetTable());
    return new FinalizeStep(
        FinalizeStep.Kind.INDEX,
        qualified,
        "CREATE INDEX IF NOT EXISTS "
            + Identifiers.quote(
                FinalizeStatementBuilder.name(table.targetTable() + "_" + rule.column() + "_idx"))
            + " ON "
            + qualified
            + " USING gin ("
            + Identifiers.quote(rule.column())
            + ")",
        null);
  }
}
