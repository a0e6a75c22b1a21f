package io.tributary.cdc.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.postgres.fallback.PostgresWriteBackKind;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.writeback.WriteBackContext;
import io.tributary.source.sqlite.fallback.SqliteWriteBackKind;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WriteBackKindsTest {
  @Test
  @DisplayName("SQLite and PostgreSQL sources have a write-back; Chroma stores have none")
  void registry() {
    WriteBacks writeBacks =
        new WriteBacks(
            SourceKinds.load()
                .offering(kind -> kind.writeBack(new WriteBackContext(Duration.ofSeconds(1)))));
    assertThat(writeBacks.find(SourceKind.SQLITE)).containsInstanceOf(SqliteWriteBackKind.class);
    assertThat(writeBacks.find(SourceKind.POSTGRES))
        .containsInstanceOf(PostgresWriteBackKind.class);
    assertThat(writeBacks.find(SourceKind.CHROMA)).isEmpty();
  }
}
