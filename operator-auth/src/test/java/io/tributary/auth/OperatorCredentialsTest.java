package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.auth.OperatorAuthConfig.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorCredentialsTest {
  private static final String TOKEN = "s3cret-token";

  record Config(
      Mode mode,
      Optional<String> token,
      Optional<Path> tokenFile,
      Map<String, String> users,
      String operatorName,
      boolean openReadsOnLoopback)
      implements TestAuthConfig {

    static Config token(String token) {
      return new Config(
          Mode.TOKEN, Optional.ofNullable(token), Optional.empty(), Map.of(), "operator", true);
    }

    static Config tokenFile(Path file) {
      return new Config(Mode.TOKEN, Optional.empty(), Optional.of(file), Map.of(), "ops", true);
    }

    static Config basic(Map<String, String> users) {
      return new Config(Mode.BASIC, Optional.empty(), Optional.empty(), users, "operator", true);
    }
  }

  private static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(OperatorCredentials credentials, String header, String message) {
    assertThatThrownBy(() -> credentials.authenticate(header))
        .isInstanceOf(OperatorAuthException.class)
        .hasMessage(message);
  }

  @Nested
  @DisplayName("mode token")
  class TokenMode {
    private final OperatorCredentials credentials = new OperatorCredentials(Config.token(TOKEN));

    @Test
    @DisplayName("The operator token gives the operator name; the scheme's case does not matter")
    void rightToken() {
      assertThat(credentials.authenticate("Bearer " + TOKEN)).isEqualTo("operator");
      assertThat(credentials.authenticate("bearer " + TOKEN)).isEqualTo("operator");
      assertThat(credentials.authenticate("  BEARER   " + TOKEN + "  ")).isEqualTo("operator");
      assertThat(credentials.challenge()).isEqualTo("Bearer realm=\"tributary\"");
      assertThat(credentials.mode()).isEqualTo(Mode.TOKEN);
    }

    @Test
    @DisplayName("No header says that the call needs a credential and how to give it")
    void missing() {
      String message =
          "no Authorization header: this call changes a migration and needs an operator"
              + " credential (Authorization: Bearer <token>)";
      refused(credentials, null, message);
      refused(credentials, "", message);
      refused(credentials, "   ", message);
      assertThatThrownBy(
              () -> credentials.authenticate(null, "this call reads from outside loopback"))
          .hasMessage(
              "no Authorization header: this call reads from outside loopback and needs an"
                  + " operator credential (Authorization: Bearer <token>)");
    }

    @Test
    @DisplayName("A wrong token, a prefix or extension of it, is refused")
    void wrongToken() {
      for (String wrong : new String[] {"nope", TOKEN + "x", TOKEN.substring(1), "s3cret"}) {
        refused(credentials, "Bearer " + wrong, "the bearer token is not the operator token");
      }
    }

    @Test
    @DisplayName("Another scheme or a bare scheme is malformed, without echoing the credential")
    void malformed() {
      refused(
          credentials,
          basic("alice:secret"),
          "malformed Authorization header: the scheme is 'Basic' but this orchestrator expects"
              + " Authorization: Bearer <token>");
      String noScheme =
          "malformed Authorization header: no scheme (this orchestrator expects Authorization:"
              + " Bearer <token>)";
      refused(credentials, TOKEN, noScheme);
      refused(credentials, "Token\n" + TOKEN, noScheme);
      refused(credentials, "s3cret=token x", noScheme);
      refused(
          credentials,
          "Bearer",
          "malformed Authorization header: 'Bearer' without a credential (Authorization: Bearer"
              + " <token>)");
      refused(
          credentials,
          "Bearer    ",
          "malformed Authorization header: 'Bearer' without a credential (Authorization: Bearer"
              + " <token>)");
    }

    @Test
    @DisplayName("Without a configured token every credential is refused, saying what to set")
    void noTokenConfigured() {
      String message =
          "mode is token but no token is configured (set tributary.auth.token or" + " token-file)";
      OperatorCredentials none = new OperatorCredentials(Config.token(null));
      refused(none, "Bearer " + TOKEN, message);
      refused(none, null, message);
      refused(none, "Bearer ", message);
      refused(new OperatorCredentials(Config.token("   ")), "Bearer    x", message);
    }
  }

  @Nested
  @DisplayName("token file")
  class TokenFile {
    @TempDir Path dir;

    @Test
    @DisplayName("Is read once and trimmed; the operator name is configurable")
    void read() throws Exception {
      Path file = Files.writeString(dir.resolve("operator-token"), "  " + TOKEN + "\n");
      OperatorCredentials credentials = new OperatorCredentials(Config.tokenFile(file));
      Files.writeString(file, "changed");
      assertThat(credentials.authenticate("Bearer " + TOKEN)).isEqualTo("ops");
      refused(credentials, "Bearer changed", "the bearer token is not the operator token");
    }

    @Test
    @DisplayName("A missing or empty file fails, naming the file")
    void missingOrEmpty() throws Exception {
      Path missing = dir.resolve("missing");
      assertThatThrownBy(() -> new OperatorCredentials(Config.tokenFile(missing)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "cannot read the operator token file "
                  + missing.toAbsolutePath()
                  + " (tributary.auth.token-file): ");
      Path empty = Files.writeString(dir.resolve("empty"), " \n\t\n");
      assertThatThrownBy(() -> new OperatorCredentials(Config.tokenFile(empty)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "the operator token file "
                  + empty.toAbsolutePath()
                  + " (tributary.auth.token-file) is empty");
    }

    @Test
    @DisplayName("A token and a token file together fail: only one may be given")
    void both() throws Exception {
      Path file = Files.writeString(dir.resolve("operator-token"), TOKEN);
      Config both =
          new Config(Mode.TOKEN, Optional.of("x"), Optional.of(file), Map.of(), "operator", true);
      assertThatThrownBy(() -> new OperatorCredentials(both))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "both tributary.auth.token and tributary.auth.token-file ("
                  + file
                  + ") are set: give only one");
    }
  }

  @Nested
  @DisplayName("mode basic")
  class BasicMode {
    private final OperatorCredentials credentials =
        new OperatorCredentials(Config.basic(Map.of("alice", "secret", "bob", "pa:ss wörd")));

    @Test
    @DisplayName("A user and their password give the user's name")
    void rightPassword() {
      assertThat(credentials.authenticate(basic("alice:secret"))).isEqualTo("alice");
      assertThat(credentials.authenticate(basic("bob:pa:ss wörd"))).isEqualTo("bob");
      assertThat(credentials.authenticate("basic " + basic("alice:secret").substring(6)))
          .isEqualTo("alice");
      assertThat(credentials.challenge()).isEqualTo("Basic realm=\"tributary\"");
    }

    @Test
    @DisplayName("A wrong password and an unknown user get the same answer")
    void wrong() {
      refused(credentials, basic("alice:wrong"), "unknown user 'alice' or wrong password");
      refused(credentials, basic("alice:"), "unknown user 'alice' or wrong password");
      refused(credentials, basic("mallory:secret"), "unknown user 'mallory' or wrong password");
      refused(credentials, basic(":secret"), "unknown user '' or wrong password");
    }

    @Test
    @DisplayName("No header, a bearer token, bad base64 or no colon say what is wrong")
    void malformed() {
      refused(
          credentials,
          null,
          "no Authorization header: this call changes a migration and needs an operator"
              + " credential (Authorization: Basic <base64 of user:password>)");
      refused(
          credentials,
          "Bearer " + TOKEN,
          "malformed Authorization header: the scheme is 'Bearer' but this orchestrator expects"
              + " Authorization: Basic <base64 of user:password>");
      refused(
          credentials,
          "Basic not*base64",
          "malformed Authorization header: the Basic credential is not base64 (of user:password)");
      refused(
          credentials,
          basic("alice"),
          "malformed Authorization header: the Basic credential is not user:password (no ':')");
    }

    @Test
    @DisplayName("Without users every credential is refused, saying what to set")
    void noUsers() {
      refused(
          new OperatorCredentials(Config.basic(Map.of())),
          basic("alice:secret"),
          "mode is basic but no users are configured (set"
              + " tributary.auth.users.<name>=<password>)");
    }
  }

  @Test
  @DisplayName("Mode none lets everything through as anonymous")
  void none() {
    OperatorCredentials credentials =
        new OperatorCredentials(
            new Config(Mode.NONE, Optional.empty(), Optional.empty(), Map.of(), "operator", true));
    assertThat(credentials.authenticate(null)).isEqualTo("anonymous");
    assertThat(credentials.authenticate("Bearer whatever")).isEqualTo("anonymous");
    assertThat(credentials.authenticate("garbage")).isEqualTo("anonymous");
  }

  @Nested
  @DisplayName("signed commands")
  class SignedCommands {
    private static final String TEXT =
        CommandSignature.text(
            "letta",
            "cutover",
            "nightly window",
            "ops-bot",
            null,
            1795555200000L,
            "0f8c1f6e-1d9b-4a57-a1f3-6a9d1c2b3e4f");

    @Test
    void theSignatureIsHmacSha256OfTheFieldsAsAnyLanguageComputesIt() {
      // python3: hmac.new(b"s3cret-token", text.encode(), hashlib.sha256).hexdigest()
      assertThat(CommandSignature.sign(TOKEN.getBytes(StandardCharsets.UTF_8), TEXT))
          .isEqualTo("e71e12c4ee16a1fc1a401211e7da359d4f1e766e7be247169838eaad5c37165e");
    }

    @Test
    void aTokenSignatureNamesTheOperator() {
      OperatorCredentials credentials = new OperatorCredentials(Config.token(TOKEN));
      String signature = CommandSignature.sign(TOKEN.getBytes(StandardCharsets.UTF_8), TEXT);
      assertThat(credentials.verifySignature(null, TEXT, signature.toUpperCase()))
          .isEqualTo("operator");
      assertThatThrownBy(() -> credentials.verifySignature(null, TEXT + "x", signature))
          .isInstanceOf(OperatorAuthException.class)
          .hasMessage("the signature is not the operator token's");
      assertThatThrownBy(() -> credentials.verifySignature(null, TEXT, null))
          .isInstanceOf(OperatorAuthException.class)
          .hasMessageStartingWith(
              "the command has no signature: sign it with the operator's token");
    }

    @Test
    void passwordKeyIsPbkdf2OfThePasswordSaltedWithTheUser() throws Exception {
      // the same bytes as Python's
      // hashlib.pbkdf2_hmac("sha256", b"pw-a", b"tributary-command-v1\nalice", 600000).hex()
      assertThat(HexFormat.of().formatHex(CommandSignature.passwordKey("alice", "pw-a")))
          .isEqualTo("0c847199878c55244f78ac885075b1ec78f1ba2df4194a1d9cb79258f2bf036a");
    }

    @Test
    void inModeBasicTheNamedUsersPasswordSigns() {
      OperatorCredentials credentials =
          new OperatorCredentials(Config.basic(Map.of("alice", "pw-a", "bob", "pw-b")));
      String byAlice = CommandSignature.sign(CommandSignature.passwordKey("alice", "pw-a"), TEXT);
      assertThat(credentials.verifySignature("alice", TEXT, byAlice)).isEqualTo("alice");
      assertThatThrownBy(() -> credentials.verifySignature("bob", TEXT, byAlice))
          .isInstanceOf(OperatorAuthException.class)
          .hasMessageStartingWith("unknown user 'bob' or a wrong signature");
      // the password itself as the key (a version before issue 47): refused
      String rawKey = CommandSignature.sign("pw-a".getBytes(StandardCharsets.UTF_8), TEXT);
      assertThatThrownBy(() -> credentials.verifySignature("alice", TEXT, rawKey))
          .isInstanceOf(OperatorAuthException.class)
          .hasMessageContaining("PBKDF2");
      assertThatThrownBy(() -> credentials.verifySignature("mallory", TEXT, byAlice))
          .isInstanceOf(OperatorAuthException.class)
          .hasMessageStartingWith("unknown user 'mallory' or a wrong signature");
      assertThatThrownBy(() -> credentials.verifySignature(null, TEXT, byAlice))
          .isInstanceOf(OperatorAuthException.class)
          .hasMessageContaining("names no operator");
    }
  }
}
