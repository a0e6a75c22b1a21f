package io.tributary.orchestrator.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.auth.CommandSignature;

/**
 * A command read from {@code tributary.commands}: key the migration, value JSON {@code {"command",
 * "reason", "by", "operator", "issuedAt", "nonce", "signature"}} ({@link CommandSignature}). It
 * carries no credential: an {@code authorization} field is refused, since anyone who can read the
 * topic would learn it.
 *
 * @param migration the record's key, or the value's {@code migration}
 * @param operator in mode basic, the user whose password signed it
 * @param issuedAt when the operator issued it, epoch milliseconds (signed: Kafka's record time is
 *     not)
 * @param nonce unique per command (signed), so that the same record run twice runs once
 */
record SignedCommand(
    String migration,
    String command,
    String reason,
    String by,
    String operator,
    long issuedAt,
    String nonce,
    String signature) {

  /**
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  static SignedCommand parse(String key, JsonNode value) {
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException(
          "the value is not a JSON object {\"command\", \"reason\", \"issuedAt\", \"nonce\","
              + " \"signature\"}");
    }
    if (value.has("authorization")) {
      throw new IllegalArgumentException(
          "the command carries a credential (\"authorization\"), which anyone who can read the"
              + " topic would learn: not run; sign the command instead (HMAC-SHA256,"
              + " docs/api.md#commands) and change that credential");
    }
    String migration = key == null || key.isBlank() ? text(value, "migration") : key;
    if (migration == null || migration.isBlank()) {
      throw new IllegalArgumentException("the record has no key naming the migration");
    }
    JsonNode issued = value.get("issuedAt");
    if (issued == null || !issued.canConvertToLong() || !issued.isIntegralNumber()) {
      throw new IllegalArgumentException(
          "the command has no \"issuedAt\" (epoch milliseconds when it was issued, signed)");
    }
    String nonce = text(value, "nonce");
    if (nonce == null || nonce.length() < 16 || nonce.length() > 200) {
      throw new IllegalArgumentException(
          "the command's \"nonce\" must be 16 to 200 characters, unique per command (a random"
              + " UUID will do)");
    }
    return new SignedCommand(
        migration,
        text(value, "command"),
        text(value, "reason"),
        text(value, "by"),
        text(value, "operator"),
        issued.asLong(),
        nonce,
        text(value, "signature"));
  }

  /** The text its signature covers. */
  String signedText() {
    return CommandSignature.text(migration, command, reason, by, operator, issuedAt, nonce);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
