package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.plan.CutoverAction;
import io.tributary.orchestrator.provision.NetworkRange;
import io.tributary.orchestrator.provision.SwitchActionPolicy;
import io.tributary.source.spi.freeze.CutoverCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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

/** The rehearsal's checks of switch actions: nothing is run, posted or written. */
class SwitchActionCheckTest {
  private static final Duration WAIT = Duration.ofSeconds(2);

  @TempDir Path dir;

  private SwitchActionRunner runner;

  @BeforeEach
  void runner() {
    runner =
        new SwitchActionRunner(
            null, new ObjectMapper(), null, policy(List.of(dir), null, List.of("127.0.0.0/8")));
  }

  static SwitchActionPolicy policy(List<Path> dirs, List<String> hosts, List<String> networks) {
    return new SwitchActionPolicy(
        dirs,
        dirs,
        hosts,
        networks.stream().map(NetworkRange::parse).toList(),
        InetAddress::getAllByName);
  }

  @Test
  @DisplayName("A webhook whose host accepts connections passes, and nothing is posted to it")
  void webhookReachable() throws IOException {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      CutoverCheck check =
          runner.check(
              new CutoverAction.Webhook(
                  URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook"),
                  Map.of(),
                  null),
              WAIT);
      assertThat(check.ok()).as(check.detail()).isTrue();
      assertThat(check.detail()).contains("not posted");
    }
  }

  @Test
  @DisplayName("A webhook nobody listens on fails, saying why")
  void webhookUnreachable() throws IOException {
    int port;
    try (ServerSocket server = new ServerSocket(0)) {
      port = server.getLocalPort();
    }
    CutoverCheck check =
        runner.check(
            new CutoverAction.Webhook(URI.create("http://127.0.0.1:" + port), Map.of(), null),
            WAIT);
    assertThat(check.ok()).isFalse();
    assertThat(check.subject()).isEqualTo("webhook http://127.0.0.1:" + port + "/");
    assertThat(check.detail()).isNotBlank();
  }

  @Test
  @DisplayName(
      "An env file passes when its directory (or the nearest that exists) is writable; nothing is"
          + " written")
  void envFile() {
    Path file = dir.resolve("not/yet/app.env");
    CutoverCheck check = runner.check(new CutoverAction.EnvFile(file, "app"), WAIT);
    assertThat(check.ok()).as(check.detail()).isTrue();
    assertThat(Files.exists(file.getParent())).isFalse();
  }

  @Test
  @DisplayName("A PgBouncer config without the database's entry fails, naming file and database")
  void pgBouncerEntry() throws IOException {
    Path config = dir.resolve("pgbouncer.ini");
    Files.writeString(config, "[databases]\nother = host=127.0.0.1 port=5432 dbname=other\n");
    CutoverCheck check =
        runner.check(
            new CutoverAction.PgBouncer(
                "app", "postgresql://admin@127.0.0.1:6432/pgbouncer", "app", config, null, null),
            WAIT);
    assertThat(check.ok()).isFalse();
    assertThat(check.detail()).contains("pgbouncer.ini").contains("'app'");
  }

  @Test
  @DisplayName(
      "An env file outside the configured directories fails, also through a symbolic link; with"
          + " none configured every env file fails")
  void envFileOutsideItsDirectories() throws IOException {
    Path outside = Files.createTempDirectory("tributary-outside-");
    try {
      CutoverCheck elsewhere =
          runner.check(new CutoverAction.EnvFile(outside.resolve("app.env"), "app"), WAIT);
      assertThat(elsewhere.ok()).isFalse();
      assertThat(elsewhere.detail())
          .contains("is not in a directory env files may be written into");
      Files.createSymbolicLink(dir.resolve("escape"), outside);
      CutoverCheck linked =
          runner.check(new CutoverAction.EnvFile(dir.resolve("escape/app.env"), "app"), WAIT);
      assertThat(linked.ok()).as(linked.detail()).isFalse();
      CutoverCheck dotted =
          runner.check(
              new CutoverAction.EnvFile(
                  dir.resolve("../" + outside.getFileName() + "/a.env"), "app"),
              WAIT);
      assertThat(dotted.ok()).as(dotted.detail()).isFalse();
      SwitchActionRunner nowhere =
          new SwitchActionRunner(
              null, new ObjectMapper(), null, policy(List.of(), null, List.of()));
      assertThat(
              nowhere.check(new CutoverAction.EnvFile(dir.resolve("a.env"), "app"), WAIT).detail())
          .contains("tributary.orchestrator.cutover.env-file-dirs");
    } finally {
      Files.deleteIfExists(dir.resolve("escape"));
      Files.deleteIfExists(outside);
    }
  }

  @Test
  @DisplayName(
      "A webhook to a link-local address or a host not allowed fails; its URL is shown without"
          + " path and query")
  void webhookPolicy() {
    CutoverCheck metadata =
        runner.check(
            new CutoverAction.Webhook(
                URI.create("http://169.254.169.254/latest/meta-data/"), Map.of(), null),
            WAIT);
    assertThat(metadata.ok()).isFalse();
    assertThat(metadata.detail()).contains("link-local");
    SwitchActionPolicy allowList =
        policy(List.of(dir), List.of("hooks.example", "*.ops.example"), List.of());
    assertThat(
            allowList.refusal(
                new CutoverAction.Webhook(URI.create("https://127.0.0.1/x"), Map.of(), null)))
        .contains("host 127.0.0.1 is not one webhooks may post to");
    assertThat(SwitchActionPolicy.display(URI.create("https://hooks.example/T0/B1/secret?k=v")))
        .isEqualTo("https://hooks.example/…");
    assertThat(SwitchActionPolicy.display(URI.create("http://127.0.0.1:8080")))
        .isEqualTo("http://127.0.0.1:8080/");
  }

  /** Security review M2: a pgbouncer action rewrites only a config in pgbouncer-config-dirs. */
  @Test
  @DisplayName(
      "A PgBouncer config outside pgbouncer-config-dirs fails, also through a symbolic link; with"
          + " none configured every pgbouncer action fails")
  void pgBouncerConfigOutsideItsDirectories() throws IOException {
    Path outside = Files.createTempDirectory("tributary-outside-");
    try {
      Path config = Files.writeString(outside.resolve("pgbouncer.ini"), "[databases]\napp = x\n");
      CutoverAction.PgBouncer elsewhere =
          new CutoverAction.PgBouncer(
              "app", "postgresql://admin@127.0.0.1:6432/pgbouncer", "app", config, null, null);
      CutoverCheck check = runner.check(elsewhere, WAIT);
      assertThat(check.ok()).isFalse();
      assertThat(check.detail())
          .contains("is not in a directory PgBouncer configuration files may be rewritten in")
          .contains("tributary.orchestrator.cutover.pgbouncer-config-dirs");
      Files.createSymbolicLink(dir.resolve("pgbouncer.ini"), config);
      CutoverAction.PgBouncer linked =
          new CutoverAction.PgBouncer(
              "app",
              "postgresql://admin@127.0.0.1:6432/pgbouncer",
              "app",
              dir.resolve("pgbouncer.ini"),
              null,
              null);
      assertThat(runner.check(linked, WAIT).ok()).isFalse();
      assertThatThrownBy(() -> runner.run(linked, "m", 1, List.of(), WAIT))
          .isInstanceOf(CutoverStepException.class)
          .hasMessageContaining("pgbouncer-config-dirs");
      SwitchActionPolicy none = policy(List.of(), null, List.of());
      assertThat(none.refusal(linked)).contains("pgbouncer-config-dirs");
      assertThat(Files.readString(config)).isEqualTo("[databases]\napp = x\n");
    } finally {
      Files.deleteIfExists(dir.resolve("pgbouncer.ini"));
      Files.deleteIfExists(outside.resolve("pgbouncer.ini"));
      Files.deleteIfExists(outside);
    }
  }
}
