package io.tributary.orchestrator.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.SourceKind;
import io.tributary.orchestrator.cutover.CutoverStepException;
import io.tributary.orchestrator.cutover.SwitchActionRunner;
import io.tributary.orchestrator.provision.SwitchActionPolicy;
import io.tributary.orchestrator.window.SwitchOrigins;
import io.tributary.source.spi.freeze.CutoverSource;
import io.vertx.mutiny.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The switch actions backwards: what a cutover replaced is recorded, then put back. */
class SwitchBackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final SwitchActionRunner switches = mock(SwitchActionRunner.class);
  @TempDir Path dir;

  private SwitchBack back;

  @BeforeEach
  void back() {
    back =
        new SwitchBack(
            mock(Vertx.class),
            switches,
            new SwitchActionPolicy(
                List.of(dir), List.of(dir), null, List.of(), InetAddress::getAllByName));
  }

  @Test
  @DisplayName("An env file gets its text of before the cutover back; one that did not exist goes")
  void envFiles() throws Exception {
    Path existing = dir.resolve("app.env");
    Files.writeString(existing, "DATABASE_URL='postgresql://old/app'\n");
    Path absent = dir.resolve("new.env");
    List<CutoverAction> actions =
        List.of(
            new CutoverAction.EnvFile(existing, "app"), new CutoverAction.EnvFile(absent, "app"));
    String origins = SwitchOrigins.of(actions);
    JsonNode recorded = ChangeEventCodec.MAPPER.readTree(origins);
    assertThat(recorded.get(0).get("content").asText()).contains("postgresql://old/app");
    assertThat(recorded.get(1).get("content").isNull()).isTrue();

    // the cutover's switch rewrote both
    Files.writeString(existing, "DATABASE_URL='postgresql://target/unified'\n");
    Files.writeString(absent, "DATABASE_URL='postgresql://target/unified'\n");
    List<String> done = back.run(actions, origins, "m", 9, List.of(), TIMEOUT);

    assertThat(Files.readString(existing)).isEqualTo("DATABASE_URL='postgresql://old/app'\n");
    assertThat(absent).doesNotExist();
    assertThat(done).hasSize(2);
  }

  @Test
  @DisplayName("Webhooks and events announce the sources' settings, with event: fallback")
  void announcements() throws Exception {
    CutoverAction.Webhook hook =
        new CutoverAction.Webhook(URI.create("https://ops.example/hook"), Map.of(), TIMEOUT);
    when(switches.announce(eq(hook), eq("m"), any(), any())).thenReturn("webhook: 200");
    List<CutoverSource> sources =
        List.of(
            new CutoverSource(
                "letta",
                SourceKind.POSTGRES,
                "postgresql://letta:secret@db.example:5433/letta",
                "letta_agents",
                List.of()),
            new CutoverSource("notes", SourceKind.SQLITE, "/srv/notes.db", "notes", List.of()));
    assertThat(back.run(List.of(hook), SwitchOrigins.of(List.of(hook)), "m", 9, sources, TIMEOUT))
        .containsExactly("webhook: 200");
    JsonNode body = ChangeEventCodec.MAPPER.readTree(SwitchBack.payload("m", 9, sources));
    assertThat(body.get("event").asText()).isEqualTo("fallback");
    assertThat(body.get("connections").get(0).get("host").asText()).isEqualTo("db.example");
    assertThat(body.get("connections").get(0).get("port").asInt()).isEqualTo(5433);
    assertThat(body.toString()).doesNotContain("secret");
    assertThat(body.get("connections").get(1).get("path").asText()).isEqualTo("/srv/notes.db");
  }

  @Test
  @DisplayName("A first action that fails took no effect: the fallback rolls back")
  void firstFailure() {
    CutoverAction.PgBouncer bouncer =
        new CutoverAction.PgBouncer(
            "letta",
            "postgresql://pgb@127.0.0.1:6432/pgbouncer",
            "letta",
            dir.resolve("pgb.ini"),
            null,
            null);
    assertThatThrownBy(() -> back.run(List.of(bouncer), "[{}]", "m", 9, List.of(), TIMEOUT))
        .isInstanceOf(CutoverStepException.class)
        .hasMessageContaining("recorded no entry for database letta");
  }

  /**
   * Security review M2: the switch back writes an env file only where env-file-dirs allow at the
   * time of the write: a link put in the file's place (or its directory's) since the cutover does
   * not make it write elsewhere.
   */
  @Test
  @DisplayName("The switch back checks env-file-dirs again at the write, links resolved")
  void envFileDirsAtTheWrite() throws Exception {
    Path outside = Files.createTempDirectory("tributary-outside-");
    try {
      Path victim = Files.writeString(outside.resolve("victim.env"), "untouched\n");
      Path app = dir.resolve("app.env");
      Files.writeString(app, "DATABASE_URL='postgresql://old/app'\n");
      List<CutoverAction> actions = List.of(new CutoverAction.EnvFile(app, "app"));
      String origins = SwitchOrigins.of(actions);
      // since the cutover, the env file became a link out of the allowed directory
      Files.delete(app);
      Files.createSymbolicLink(app, victim);
      assertThatThrownBy(() -> back.run(actions, origins, "m", 9, List.of(), TIMEOUT))
          .isInstanceOf(CutoverStepException.class)
          .hasMessageContaining("not in a directory env files may be written into");
      assertThat(Files.readString(victim)).isEqualTo("untouched\n");
      // and a directory of the path became one
      Files.delete(app);
      Files.createSymbolicLink(dir.resolve("apps"), outside);
      List<CutoverAction> linked =
          List.of(new CutoverAction.EnvFile(dir.resolve("apps/victim.env"), "app"));
      assertThatThrownBy(() -> back.run(linked, origins, "m", 9, List.of(), TIMEOUT))
          .isInstanceOf(CutoverStepException.class)
          .hasMessageContaining("not in a directory env files may be written into");
      assertThat(Files.readString(victim)).isEqualTo("untouched\n");
    } finally {
      try (var files = Files.list(outside)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(outside);
    }
  }
}
