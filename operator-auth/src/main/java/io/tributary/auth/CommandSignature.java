package io.tributary.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a command on {@code tributary.commands}: HMAC-SHA256, keyed with the operator's
 * secret, of the command's fields joined by newlines after a version line — {@code
 * tributary-command-v1}, migration, command, reason, by, operator, issuedAt (epoch milliseconds),
 * nonce; an absent field is the empty string — as lower-case hex. In Python: {@code
 * hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()}.
 */
public final class CommandSignature {
  /** The first line of every signed text. */
  public static final String VERSION = "tributary-command-v1";

  private CommandSignature() {}

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
