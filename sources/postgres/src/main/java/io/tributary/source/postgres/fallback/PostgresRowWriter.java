package io.tributary.source.postgres.fallback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IdentityKind;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.Op;
import io.tributary.common.value.PostgresText;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Column;
import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Comparison;
import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Match;
import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Relation;
import io.tributary.source.spi.writeback.SourceChange;
import io.tributary.source.spi.writeback.SourceValue;
import io.tributary.source.spi.writeback.StatementCache;
import io.tributary.source.spi.writeback.WriteBackResults;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes one change into its PostgreSQL table, inside the batch's transaction. Each value goes as
 * text cast to the column's source type: an original key as it was read, any other value in
 * PostgreSQL's input form of its target type ({@link PostgresText#render}), which the source type
 * (the same type, or the one the plan changed) parses.
 *
 * <ul>
 *   <li>a table keyed by its primary key: an insert is an upsert ({@code INSERT ... ON CONFLICT
 *       (key) DO UPDATE}); an update updates the columns it carries in the row under its old key
 *       (an insert is checked for NOT NULL before ON CONFLICT, so an upsert of an update that lacks
 *       a column would fail), and is an upsert when that row is not there; a delete deletes by key;
 *   <li>a table keyed by a unique index or the plan's columns: an update by key ({@code IS NOT
 *       DISTINCT FROM} for declared keys, which may hold NULL), an insert when none was updated;
 *   <li>a table identified by whole rows: an insert inserts; an update or a delete touches one row
 *       equal to the old row (by {@code ctid}), so equal rows keep their number; an update whose
 *       old row is gone while a row equal to the new one is there was written before.
 * </ul>
 *
 * Generated columns are left out (the source computes them); a column {@code GENERATED ALWAYS AS
 * IDENTITY} is written with {@code OVERRIDING SYSTEM VALUE} and never updated unless the row's key
 * moves.
 */
final class PostgresRowWriter {
  private final StatementCache statements;
  private final PostgresGeneratedColumns generated;
  private final PostgresInheritanceParents parents;

  PostgresRowWriter(
      StatementCache statements,
      PostgresGeneratedColumns generated,
      PostgresInheritanceParents parents) {
    this.parents = parents;
    this.statements = statements;
    this.generated = generated;
  }

  /**
   * Writes the change; the key of the row written, as the source holds it.
   *
   * @throws ValueCastException when a target value cannot be rendered for the source
   * @throws SQLException when PostgreSQL refuses the write
   */
  ObjectNode write(SourceChange change) throws SQLException {
    TableDef table = change.table();
    List<SourceValue> after =
        change.after().stream()
            .filter(v -> !generated.isGenerated(table, v.column().name()))
            .toList();
    return table.wholeRow() ? writeWholeRow(change, after) : writeKeyed(change, after);
  }

  private ObjectNode writeKeyed(SourceChange change, List<SourceValue> after) throws SQLException {
    TableDef table = change.table();
    String schema = table.sourceSchema();
    String name = table.sourceTable();
    Relation relation = parents.relation(table);
    boolean nullSafe = table.rowIdentity() == RowIdentity.DECLARED;
    List<Column> identity = columns(change.identity());
    if (change.op() == Op.DELETE) {
      execute(
          PostgresWriteBackStatementBuilder.delete(relation, identity, nullSafe),
          texts(change.identity()));
      return WriteBackResults.key(change.identity());
    }
    boolean overriding = after.stream().anyMatch(v -> isAlways(v.column()));
    boolean primaryKey = table.rowIdentity() == RowIdentity.PRIMARY_KEY;
    int updated = 0;
    // an update updates first: an insert of a row that lacks a column the WAL did not carry fails
    // its NOT NULL before ON CONFLICT is looked at
    if (!primaryKey || change.op() == Op.UPDATE) {
      List<SourceValue> set =
          change.keyChanged() ? after : after.stream().filter(v -> !isAlways(v.column())).toList();
      if (set.isEmpty()) {
        set = change.identity(); // a no-op update that says whether the row is there
      }
      List<String> parameters = texts(set);
      parameters.addAll(texts(change.identity()));
      updated =
          execute(
              PostgresWriteBackStatementBuilder.update(relation, columns(set), identity, nullSafe),
              parameters);
    }
    if (updated == 0) {
      List<String> key = table.keyColumns().stream().map(ColumnDef::name).toList();
      List<String> update =
          after.stream()
              .map(v -> v.column())
              .filter(c -> !key.contains(c.name()) && c.identity() != IdentityKind.ALWAYS)
              .map(ColumnDef::name)
              .toList();
      execute(
          primaryKey
              ? PostgresWriteBackStatementBuilder.upsert(
                  schema, name, columns(after), key, update, overriding)
              : PostgresWriteBackStatementBuilder.insert(schema, name, columns(after), overriding),
          texts(after));
    }
    return WriteBackResults.key(change.afterKey());
  }

  private ObjectNode writeWholeRow(SourceChange change, List<SourceValue> after)
      throws SQLException {
    TableDef table = change.table();
    String schema = table.sourceSchema();
    String name = table.sourceTable();
    Relation relation = parents.relation(table);
    if (change.op() == Op.DELETE) {
      execute(
          PostgresWriteBackStatementBuilder.deleteMatching(relation, matches(change.identity())),
          texts(change.identity()));
      return WriteBackResults.key(change.identity());
    }
    boolean overriding = after.stream().anyMatch(v -> isAlways(v.column()));
    if (change.op() == Op.UPDATE) {
      List<SourceValue> set = after.stream().filter(v -> !isAlways(v.column())).toList();
      int updated = 0;
      if (!set.isEmpty()) {
        List<String> parameters = texts(set);
        parameters.addAll(texts(change.identity()));
        updated =
            execute(
                PostgresWriteBackStatementBuilder.updateMatching(
                    relation, columns(set), matches(change.identity())),
                parameters);
      }
      if (updated > 0 || exists(relation, change.after())) {
        return WriteBackResults.key(change.after()); // written now, or before
      }
    }
    execute(
        PostgresWriteBackStatementBuilder.insert(schema, name, columns(after), overriding),
        texts(after));
    return WriteBackResults.key(change.after());
  }

  private boolean exists(Relation relation, List<SourceValue> row) throws SQLException {
    PreparedStatement st =
        statements.prepare(
            PostgresWriteBackStatementBuilder.selectMatching(relation, matches(row)));
    bind(st, texts(row));
    try (ResultSet rs = st.executeQuery()) {
      return rs.next();
    }
  }

  private int execute(String sql, List<String> parameters) throws SQLException {
    PreparedStatement st = statements.prepare(sql);
    bind(st, parameters);
    return st.executeUpdate();
  }

  private static void bind(PreparedStatement st, List<String> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      st.setObject(i + 1, parameters.get(i), Types.OTHER);
    }
  }

  private static List<Column> columns(List<SourceValue> row) {
    return row.stream().map(v -> new Column(v.column().name(), v.column().sourceType())).toList();
  }

  private static List<Match> matches(List<SourceValue> row) {
    return row.stream()
        .map(
            v ->
                new Match(
                    new Column(v.column().name(), v.column().sourceType()), comparison(v.column())))
        .toList();
  }

  /** How a column is compared when rows are found by all their values. */
  private static Comparison comparison(ColumnDef column) {
    TargetType type = column.targetType();
    if (type == TargetType.JSON) {
      return Comparison.JSONB;
    }
    if (type == TargetType.ARRAY && column.elementType() == TargetType.JSON) {
      return Comparison.TEXT;
    }
    if (type == TargetType.TEXT && !isTextType(column.sourceType())) {
      return Comparison.TEXT; // a type the target holds as text: it may have no equality
    }
    return Comparison.EQUAL;
  }

  private static boolean isTextType(String sourceType) {
    String type = sourceType.strip().toLowerCase(Locale.ROOT);
    return type.isEmpty()
        || type.equals("text")
        || type.startsWith("character")
        || type.startsWith("varchar")
        || type.equals("name")
        || type.equals("citext")
        || type.equals("bpchar");
  }

  private static boolean isAlways(ColumnDef column) {
    return column.identity() == IdentityKind.ALWAYS;
  }

  /** The text of each value: an original as read, else the target value's input form. */
  private static List<String> texts(List<SourceValue> row) {
    List<String> out = new ArrayList<>(row.size());
    for (SourceValue v : row) {
      out.add(text(v));
    }
    return out;
  }

  private static String text(SourceValue v) {
    if (v.original() != null) {
      return v.original().isNull() ? null : v.original().asText();
    }
    ColumnDef column = v.column();
    try {
      return PostgresText.render(ValueCodec.decode(v.target(), column), column);
    } catch (ValueCastException | IllegalArgumentException e) {
      throw new ValueCastException(
          "column '" + column.name() + "' cannot take the target's value: " + e.getMessage());
    }
  }
}
