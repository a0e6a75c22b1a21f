package io.tributary.cdc.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cdc.fallback.postgres.PostgresWriteBackKind;
import io.tributary.cdc.fallback.sqlite.SqliteWriteBackKind;
import io.tributary.common.plan.SourceKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WriteBackKindsTest {
  @Test
  @DisplayName("SQLite and PostgreSQL sources have a write-back; Chroma stores have none")
  void registry() {
    WriteBacks writeBacks =
        new WriteBacks(
            List.of(new SqliteWriteBackKind(Duration.ofSeconds(1)), new PostgresWriteBackKind()));
    assertThat(writeBacks.find(SourceKind.SQLITE)).containsInstanceOf(SqliteWriteBackKind.class);
    assertThat(writeBacks.find(SourceKind.POSTGRES))
        .containsInstanceOf(PostgresWriteBackKind.class);
    assertThat(writeBacks.find(SourceKind.CHROMA)).isEmpty();
  }
}
