package io.tributary.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a command on {@code tributary.commands}: HMAC-SHA256, keyed with the operator's
 * secret, of the command's fields joined by newlines after a version line — {@code
 * tributary-command-v1}, migration, command, reason, by, operator, issuedAt (epoch milliseconds),
 * nonce; an absent field is the empty string — as lower-case hex. In Python: {@code hmac.new(key,
 * text.encode(), hashlib.sha256).hexdigest()}.
 *
 * <p>The key: the operator token's bytes (mode token: a random secret, too long to guess); in mode
 * basic, {@link #passwordKey} of the user's password, PBKDF2-HMAC-SHA256 with {@value #ITERATIONS}
 * iterations, so that whoever reads the topic cannot try passwords against a signature at HMAC
 * speed (issue 47). In Python: {@code hashlib.pbkdf2_hmac("sha256", password.encode(),
 * ("tributary-command-v1\n" + user).encode(), 600000)}.
 */
public final class CommandSignature {
  /** The first line of every signed text. */
  public static final String VERSION = "tributary-command-v1";

  /** PBKDF2 iterations of a password's key (OWASP's recommendation for PBKDF2-HMAC-SHA256). */
  public static final int ITERATIONS = 600_000;

  private CommandSignature() {}

  /**
   * The signing key of a user's password (mode basic): PBKDF2-HMAC-SHA256 of the password, salted
   * with {@value #VERSION}, a newline and the user, {@value #ITERATIONS} iterations, 32 bytes.
   */
  public static byte[] passwordKey(String user, String password) {
    try {
      PBEKeySpec spec =
          new PBEKeySpec(
              password.toCharArray(),
              (VERSION + "\n" + user).getBytes(StandardCharsets.UTF_8),
              ITERATIONS,
              256);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(spec)
            .getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    }
  }

  /** The text a command's signature covers. */
  public static String text(
      String migration,
      String command,
      String reason,
      String by,
      String operator,
      long issuedAt,
      String nonce) {
    return String.join(
        "\n",
        VERSION,
        nz(migration),
        nz(command),
        nz(reason),
        nz(by),
        nz(operator),
        Long.toString(issuedAt),
        nz(nonce));
  }

  /** The signature of {@code text} with {@code key}, lower-case hex. */
  public static String sign(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Whether {@code signature} (hex, either case) signs {@code text} with {@code key}. */
  static boolean matches(byte[] key, String text, String signature) {
    byte[] expected = sign(key, text).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
