package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRules;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SourceKindRulesTest {
  @Test
  @DisplayName("One table is read again only where a kind can (SQLite files, Chroma stores)")
  void resyncsOneTable() {
    assertThat(SourceKindRules.of(SourceKind.SQLITE).resyncsOneTable()).isTrue();
    assertThat(SourceKindRules.of(SourceKind.CHROMA).resyncsOneTable()).isTrue();
    assertThat(SourceKindRules.of(SourceKind.POSTGRES).resyncsOneTable()).isFalse();
  }

  @Test
  @DisplayName("Only Chroma stores name collections")
  void collections() {
    assertThat(
            SourceKindRules.supportedKinds().stream()
                .filter(k -> SourceKindRules.of(k).collections()))
        .containsExactly(SourceKind.CHROMA);
  }

  @Test
  @DisplayName(
      "A switch back names a URL source by host, port, database and user (never its password),"
          + " a file or store by its path")
  void connectionOfASource() {
    assertThat(
            SourceKindRules.of(SourceKind.POSTGRES)
                .connectionOf("postgresql://app:secret@db.internal:6543/notes"))
        .containsExactly(
            Map.entry("host", "db.internal"),
            Map.entry("port", 6543),
            Map.entry("database", "notes"),
            Map.entry("user", "app"));
    assertThat(SourceKindRules.of(SourceKind.SQLITE).connectionOf("/data/app.db"))
        .isEqualTo(Map.of("path", "/data/app.db"));
    assertThat(SourceKindRules.of(SourceKind.CHROMA).connectionOf("/data/chroma"))
        .isEqualTo(Map.of("path", "/data/chroma"));
    assertThatThrownBy(() -> SourceKindRules.of(SourceKind.MYSQL).connectionOf("mysql://h/db"))
        .hasMessageContaining("not supported");
  }
}
