package io.tributary.source.postgres.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Column;
import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Comparison;
import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Match;
import io.tributary.source.postgres.fallback.PostgresWriteBackStatementBuilder.Relation;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresWriteBackStatementBuilderTest {
  private static final Column ID = new Column("id", "integer");
  private static final Column NAME = new Column("Name", "character varying(20)");
  private static final Column MOOD = new Column("mood", "app.mood[]");
  private static final Relation T = new Relation("s", "t", false);

  @Test
  @DisplayName(
      "An upsert casts every value to the column's source type and updates the given columns on"
          + " a key conflict")
  void upsert() {
    assertThat(
            PostgresWriteBackStatementBuilder.upsert(
                "app",
                "user",
                List.of(ID, NAME, MOOD),
                List.of("id"),
                List.of("Name", "mood"),
                false))
        .isEqualTo(
            "INSERT INTO \"app\".\"user\" (\"id\", \"Name\", \"mood\") VALUES (CAST(? AS"
                + " integer), CAST(? AS character varying(20)), CAST(? AS app.mood[]))"
                + " ON CONFLICT (\"id\") DO UPDATE SET \"Name\" = EXCLUDED.\"Name\","
                + " \"mood\" = EXCLUDED.\"mood\"");
    assertThat(
            PostgresWriteBackStatementBuilder.upsert(
                "app", "t", List.of(ID), List.of("id"), List.of(), true))
        .isEqualTo(
            "INSERT INTO \"app\".\"t\" (\"id\") OVERRIDING SYSTEM VALUE VALUES (CAST(? AS"
                + " integer)) ON CONFLICT (\"id\") DO NOTHING");
  }

  @Test
  @DisplayName("Updates and deletes by key: = for keys, IS NOT DISTINCT FROM for declared ones")
  void byKey() {
    assertThat(PostgresWriteBackStatementBuilder.update(T, List.of(NAME), List.of(ID), false))
        .isEqualTo(
            "UPDATE \"s\".\"t\" SET \"Name\" = CAST(? AS character varying(20))"
                + " WHERE \"id\" = CAST(? AS integer)");
    assertThat(PostgresWriteBackStatementBuilder.delete(T, List.of(ID, NAME), true))
        .isEqualTo(
            "DELETE FROM \"s\".\"t\" WHERE \"id\" IS NOT DISTINCT FROM CAST(? AS integer)"
                + " AND \"Name\" IS NOT DISTINCT FROM CAST(? AS character varying(20))");
    assertThatThrownBy(() -> PostgresWriteBackStatementBuilder.delete(T, List.of(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "A row identified by all its values is found by ctid, json compared as jsonb and types"
          + " without equality by their text")
  void wholeRows() {
    List<Match> match =
        List.of(
            new Match(ID, Comparison.EQUAL),
            new Match(new Column("doc", "json"), Comparison.JSONB),
            new Match(new Column("at", "point"), Comparison.TEXT));
    assertThat(PostgresWriteBackStatementBuilder.deleteMatching(T, match))
        .isEqualTo(
            "DELETE FROM \"s\".\"t\" WHERE ctid = (SELECT ctid FROM \"s\".\"t\" WHERE"
                + " \"id\" IS NOT DISTINCT FROM CAST(? AS integer)"
                + " AND CAST(\"doc\" AS jsonb) IS NOT DISTINCT FROM CAST(? AS jsonb)"
                + " AND CAST(\"at\" AS text) IS NOT DISTINCT FROM CAST(CAST(? AS point) AS text)"
                + " LIMIT 1)");
    assertThat(
            PostgresWriteBackStatementBuilder.updateMatching(
                T, List.of(NAME), List.of(new Match(ID, Comparison.EQUAL))))
        .startsWith(
            "UPDATE \"s\".\"t\" SET \"Name\" = CAST(? AS character varying(20)) WHERE ctid");
  }

  @Test
  @DisplayName(
      "An inheritance parent's updates and deletes reach its own rows only, the ctid lookup too")
  void inheritanceParent() {
    Relation parent = new Relation("s", "payments", true);
    assertThat(PostgresWriteBackStatementBuilder.delete(parent, List.of(ID), false))
        .isEqualTo("DELETE FROM ONLY \"s\".\"payments\" WHERE \"id\" = CAST(? AS integer)");
    assertThat(PostgresWriteBackStatementBuilder.update(parent, List.of(NAME), List.of(ID), false))
        .startsWith("UPDATE ONLY \"s\".\"payments\" SET");
    assertThat(
            PostgresWriteBackStatementBuilder.deleteMatching(
                parent, List.of(new Match(ID, Comparison.EQUAL))))
        .isEqualTo(
            "DELETE FROM ONLY \"s\".\"payments\" WHERE ctid = (SELECT ctid FROM ONLY"
                + " \"s\".\"payments\" WHERE \"id\" IS NOT DISTINCT FROM CAST(? AS integer)"
                + " LIMIT 1)");
  }

  @Test
  @DisplayName("A column without a recorded type is bound without a cast")
  void untyped() {
    assertThat(
            PostgresWriteBackStatementBuilder.insert("s", "t", List.of(new Column("x", "")), false))
        .isEqualTo("INSERT INTO \"s\".\"t\" (\"x\") VALUES (?)");
  }

  @Test
  void sequencesMovePastTheHighestKeyWrittenBack() {
    assertThat(PostgresWriteBackStatementBuilder.sequencePastHighest("app", "Events", "id"))
        .isEqualTo(
            "SELECT setval(q.seq, greatest(q.mx, coalesce(pg_sequence_last_value(q.seq::regclass),"
                + " q.mx))) FROM (SELECT pg_get_serial_sequence('\"app\".\"Events\"', 'id') AS seq,"
                + " (SELECT max(\"id\") FROM \"app\".\"Events\")::bigint AS mx) q"
                + " WHERE q.seq IS NOT NULL AND q.mx IS NOT NULL");
  }
}
