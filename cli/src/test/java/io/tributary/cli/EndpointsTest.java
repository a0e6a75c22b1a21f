package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** endpoints.env read without a shell, and which token goes to which API. */
class EndpointsTest {
  @TempDir Path dir;

  private final StringWriter warnings = new StringWriter();

  /** What deploy/local/up.sh writes (lib.sh's tributary_write_endpoints). */
  private Path upShFile(String api, String token) throws IOException {
    Path file = dir.resolve("endpoints.env");
    Files.writeString(
        file,
        "# Written by deploy/local/up.sh — endpoints of the local Tributary runtime. Use: source this file.\n"
            + "export TRIBUTARY_API="
            + api
            + "\n"
            + "export TRIBUTARY_CDC_API=http://127.0.0.1:18081\n"
            + "export TRIBUTARY_TARGET_URL=postgresql://postgres:pw@127.0.0.1:15433/unified\n"
            + "export KAFKA_BOOTSTRAP=127.0.0.1:19092\n"
            + "# The operator credential of the orchestrator API (Authorization: Bearer $TRIBUTARY_TOKEN).\n"
            + "export TRIBUTARY_TOKEN="
            + token
            + "\n");
    return file;
  }

  private Endpoints resolve(Map<String, String> env, Path file) {
    return Endpoints.resolve(env, file, new PrintWriter(warnings, true));
  }

  @Test
  void parsesShellAssignmentsWithoutRunningThem() {
    EnvFile f =
        EnvFile.parse(
            List.of(
                "# comment",
                "",
                "export A=plain",
                "B='single $quoted'   # trailing comment",
                "  export C=\"double \\\"escaped\\\" \\$dollar\"",
                "D=a\\ b",
                "E=$HOME/x",
                "F=\"$(cat token)\"",
                "G=`id`",
                "not an assignment",
                "A=again",
                "H=",
                "I='unterminated"));
    assertThat(f.values())
        .containsEntry("A", "again")
        .containsEntry("B", "single $quoted")
        .containsEntry("C", "double \"escaped\" $dollar")
        .containsEntry("D", "a b")
        .containsEntry("H", "")
        .doesNotContainKeys("E", "F", "G", "I");
    assertThat(f.unevaluated()).containsExactlyInAnyOrder("E", "F", "G", "I");
  }

  @Test
  void localRuntimeApiAndTokenFromTheFile() throws IOException {
    Path file = upShFile("http://127.0.0.1:18080", "abc123");
    Endpoints e = resolve(Map.of(), file).check();
    assertThat(e.api()).isEqualTo("http://127.0.0.1:18080");
    assertThat(e.token()).isEqualTo("abc123");
    assertThat(e.tokenFrom()).isEqualTo(Endpoints.TokenSource.ENDPOINTS_FILE);
    assertThat(e.toString()).doesNotContain("abc123");
  }

  @Test
  void environmentWinsOverTheFile() throws IOException {
    Path file = upShFile("http://127.0.0.1:18080", "filetoken");
    Endpoints e =
        resolve(
            Map.of("TRIBUTARY_API", "http://127.0.0.1:18080/", "TRIBUTARY_TOKEN", "envtoken"),
            file);
    assertThat(e.api()).isEqualTo("http://127.0.0.1:18080");
    assertThat(e.token()).isEqualTo("envtoken");
    assertThat(e.tokenFrom()).isEqualTo(Endpoints.TokenSource.ENVIRONMENT);
  }

  @Test
  void theFilesTokenGoesOnlyToTheFilesApi() throws IOException {
    Path file = upShFile("http://127.0.0.1:18080", "localtoken");
    Endpoints other = resolve(Map.of("TRIBUTARY_API", "https://tributary.example.com"), file);
    assertThat(other.api()).isEqualTo("https://tributary.example.com");
    assertThat(other.token()).isNull();
    assertThat(other.localTokenWithheld()).isTrue();
    assertThat(other.authHint())
        .contains("no operator token was sent")
        .contains("belongs to http://127.0.0.1:18080, not to https://tributary.example.com")
        .contains("set TRIBUTARY_TOKEN");

    // The same API spelled with a trailing slash is the same API.
    Endpoints same = resolve(Map.of("TRIBUTARY_API", "http://127.0.0.1:18080/"), file);
    assertThat(same.token()).isEqualTo("localtoken");
  }

  @Test
  void withoutFileOrEnvironmentTheDefaultApiAndNoToken() {
    Endpoints e = resolve(Map.of(), dir.resolve("missing.env")).check();
    assertThat(e.api()).isEqualTo(Endpoints.DEFAULT_API);
    assertThat(e.apiFrom()).isEqualTo("the default");
    assertThat(e.token()).isNull();
    assertThat(e.authHint()).startsWith("no operator token was sent: set TRIBUTARY_TOKEN");
  }

  @Test
  void aTokenWithCharactersABearerTokenCannotHaveIsRefused() {
    Map<String, String> env = new HashMap<>();
    env.put("TRIBUTARY_API", "http://127.0.0.1:18080");
    env.put("TRIBUTARY_TOKEN", "abc\"; rm -rf /");
    assertThatThrownBy(() -> resolve(env, null).check())
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessage("TRIBUTARY_TOKEN holds characters a bearer token cannot have");
    env.put("TRIBUTARY_TOKEN", "AZaz09._~+/=-");
    assertThat(resolve(env, null).check().token()).isEqualTo("AZaz09._~+/=-");
  }

  @Test
  void aBadTokenInTheFileNamesTheFile() throws IOException {
    Path file = upShFile("http://127.0.0.1:18080", "'has space'");
    assertThatThrownBy(() -> resolve(Map.of(), file).check())
        .hasMessage("TRIBUTARY_TOKEN in " + file + " holds characters a bearer token cannot have");
  }

  @Test
  void aBadApiAddressIsRefused() {
    assertThatThrownBy(() -> resolve(Map.of("TRIBUTARY_API", "127.0.0.1:18080"), null).check())
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("is not an http:// or https:// address");
  }

  @Test
  void aValueThatNeedsTheShellIsIgnoredWithAWarning() throws IOException {
    Path file = dir.resolve("endpoints.env");
    Files.writeString(
        file, "export TRIBUTARY_API=http://127.0.0.1:$PORT\nexport TRIBUTARY_TOKEN=t1\n");
    Endpoints e = resolve(Map.of(), file);
    assertThat(e.api()).isEqualTo(Endpoints.DEFAULT_API);
    assertThat(e.token()).isEqualTo("t1"); // the file's API is then the default one
    assertThat(warnings.toString())
        .contains("TRIBUTARY_API needs the shell to expand it and is ignored; set TRIBUTARY_API");
  }

  @Test
  void theTokenReachesTheApiInTheAuthorizationHeader() throws IOException {
    try (FakeApi api = new FakeApi().on("GET", "/migrations", 200, "[]")) {
      Path file = upShFile(api.url(), "tok-from-file");
      Run run = new Run();
      run.endpointsFile = file;
      assertThat(run.run("list").code()).isZero();
      assertThat(api.last().header("Authorization")).isEqualTo("Bearer tok-from-file");

      // Another API named in the environment: the file's token is not sent anywhere.
      try (FakeApi other = new FakeApi().on("GET", "/migrations", 200, "[]")) {
        run.env.put("TRIBUTARY_API", other.url());
        assertThat(run.run("list").code()).isZero();
        assertThat(other.last().header("Authorization")).isNull();
      }
    }
  }
}
