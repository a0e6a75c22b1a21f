package io.tributary.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDatasetTest {
  @TempDir Path dir;

  @Test
  void theSameCountsGiveTheSameFileByteForByte() throws Exception {
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    assertThat(new BenchDataset(20, 300, 40).create(a)).isEqualTo(360);
    new BenchDataset(20, 300, 40).create(b);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(dir.resolve("a.db.tmp")).doesNotExist();
  }

  @Test
  void rowsHaveSeed002sShapeAndValidReferences() throws Exception {
    Path file = dir.resolve("bench.db");
    new BenchDataset(50, 1_000, 100).create(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      assertThat(scalar(st, "SELECT count(*) FROM agents")).isEqualTo(50);
      assertThat(scalar(st, "SELECT count(*) FROM tasks")).isEqualTo(1_000);
      assertThat(scalar(st, "SELECT count(*) FROM embeddings")).isEqualTo(100);
      // every capability list is a JSON array, every timestamp ISO-8601 without a zone
      assertThat(scalar(st, "SELECT count(*) FROM agents WHERE json_type(capabilities) <> 'array'"))
          .isZero();
      assertThat(
              scalar(
                  st,
                  "SELECT count(*) FROM tasks WHERE created_at NOT GLOB"
                      + " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]'"))
          .isZero();
      // sizes as the issue asks: ~60 and ~400 characters, ~300-character prompts, ~500 of content
      assertThat(scalar(st, "SELECT avg(length(title)) FROM tasks")).isBetween(58L, 70L);
      assertThat(scalar(st, "SELECT avg(length(description)) FROM tasks")).isBetween(395L, 410L);
      assertThat(scalar(st, "SELECT avg(length(system_prompt)) FROM agents")).isBetween(295L, 310L);
      assertThat(scalar(st, "SELECT avg(length(content)) FROM embeddings")).isBetween(495L, 510L);
      assertThat(scalar(st, "SELECT min(length(embedding)) FROM embeddings")).isEqualTo(1536);
      assertThat(scalar(st, "SELECT max(length(embedding)) FROM embeddings")).isEqualTo(1536);
      // foreign keys point at rows that exist; one task in twenty is unassigned
      assertThat(
              scalar(
                  st,
                  "SELECT count(*) FROM tasks t WHERE assigned_agent_id IS NOT NULL AND NOT EXISTS"
                      + " (SELECT 1 FROM agents a WHERE a.id = t.assigned_agent_id)"))
          .isZero();
      assertThat(
              scalar(
                  st,
                  "SELECT count(*) FROM embeddings e WHERE NOT EXISTS"
                      + " (SELECT 1 FROM tasks t WHERE t.id = e.task_id)"))
          .isZero();
      assertThat(scalar(st, "SELECT count(*) FROM tasks WHERE assigned_agent_id IS NULL"))
          .isBetween(20L, 90L);
      try (ResultSet rs = st.executeQuery("SELECT id FROM tasks")) {
        while (rs.next()) {
          assertThat(UUID.fromString(rs.getString(1)).version()).isEqualTo(4);
        }
      }
      assertThat(string(st, "PRAGMA journal_mode")).isEqualTo("delete");
    }
  }

  @Test
  void refusesEmptyTables() {
    assertThatThrownBy(() -> new BenchDataset(1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tasks 0");
  }

  private static long scalar(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String string(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
