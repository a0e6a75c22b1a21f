package io.tributary.orchestrator.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.source.spi.freeze.SourceFreezeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgBouncerConfigFileTest {
  @TempDir Path dir;

  private static final String INI =
      """
      ; PgBouncer of the shop
      [databases]
      shop = host=10.0.0.5 port=5432 dbname=shop
      "my db" = host=10.0.0.6 dbname=other   ; quoted name
      * = host=fallback

      [pgbouncer]
      listen_port = 6432
      shop = not-a-database-line
      """;

  @Test
  @DisplayName("Reads one entry and rewrites only that line, keeping the rest byte for byte")
  void rewritesOneEntry() throws Exception {
    Path file = dir.resolve("pgbouncer.ini");
    Files.writeString(file, INI);
    PgBouncerConfigFile config = PgBouncerConfigFile.read(file);
    assertThat(config.database("shop")).contains("host=10.0.0.5 port=5432 dbname=shop");
    assertThat(config.database("my db")).isPresent();
    assertThat(config.database("listen_port")).isEmpty();
    String target =
        PgBouncerConfigFile.connectionString("127.0.0.1", 15433, "unified", "shop", "p w'x");
    config.withDatabase("shop", target).write();
    String written = Files.readString(file);
    assertThat(written)
        .isEqualTo(
            INI.replace(
                "shop = host=10.0.0.5 port=5432 dbname=shop",
                "shop = host=127.0.0.1 port=15433 dbname=unified user=shop password='p w''x'"));
    assertThat(PgBouncerConfigFile.read(file).database("shop")).contains(target);
  }

  @Test
  @DisplayName("A database without its own [databases] line is refused, naming file and database")
  void missingEntry() throws Exception {
    Path file = dir.resolve("pgbouncer.ini");
    Files.writeString(file, INI);
    assertThatThrownBy(() -> PgBouncerConfigFile.read(file).withDatabase("crm", "host=x"))
        .isInstanceOf(SourceFreezeException.class)
        .hasMessageContaining("crm")
        .hasMessageContaining(file.toString());
  }

  @Test
  @DisplayName(
      "Values are quoted as PgBouncer reads them (a quote doubled, a backslash as it is); a line"
          + " break, which would inject a line, is refused")
  void quotesAsPgBouncerReads() {
    assertThat(PgBouncerConfigFile.connectionString("h", 1, "d", "u", "a'b\\c d"))
        .isEqualTo("host=h port=1 dbname=d user=u password='a''b\\c d'");
    assertThat(PgBouncerConfigFile.connectionString("h", 1, "d", "u", ""))
        .isEqualTo("host=h port=1 dbname=d user=u");
    assertThatThrownBy(
            () ->
                PgBouncerConfigFile.connectionString(
                    "h", 1, "d", "u", "pw\nauth_file = /etc/shadow"))
        .isInstanceOf(SourceFreezeException.class)
        .hasMessageContaining("line break")
        .hasMessageNotContaining("shadow");
  }
}
