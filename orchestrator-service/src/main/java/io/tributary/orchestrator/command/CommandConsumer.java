package io.tributary.orchestrator.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.control.StatusPublisher;
import io.tributary.orchestrator.state.CommandRefused;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes operator commands from {@code tributary.commands} ({@link SignedCommand}: key the
 * migration, value JSON {@code {"command":
 * "cutover"|"rollback"|"pause"|"resume"|"fallback"|"finish", "reason", "by", "operator",
 * "issuedAt", "nonce", "signature"}}, signed with the operator's secret and never carrying it).
 * Each command has the effect of its REST call; its outcome (or why it was refused) is published on
 * {@code tributary.status} as {@code {"migration","command","accepted","state",
 * "cutover","message","offset"}}. A command is refused when it was issued more than {@code
 * tributary.orchestrator.command-max-age} ago or more than {@value #CLOCK_SKEW_SECONDS} s in the
 * future (its signed {@code issuedAt}, not Kafka's record time), when its signature does not check,
 * or when its nonce was seen before: a consumer group that reads the topic from its beginning, or a
 * record written again, replays nothing.
 */
@ApplicationScoped
public class CommandConsumer {
  private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

  /** How far in the future a command's issuedAt may be (clocks that disagree). */
  static final long CLOCK_SKEW_SECONDS = 30;

  private final OperatorCommands commands;
  private final CommandAuthenticator authenticator;
  private final CommandNonces nonces;
  private final StatusPublisher status;
  private final ObjectMapper mapper;
  private final OrchestratorConfig config;

  public CommandConsumer(
      OperatorCommands commands,
      CommandAuthenticator authenticator,
      CommandNonces nonces,
      StatusPublisher status,
      ObjectMapper mapper,
      OrchestratorConfig config) {
    this.commands = commands;
    this.authenticator = authenticator;
    this.nonces = nonces;
    this.status = status;
    this.mapper = mapper;
    this.config = config;
  }

  @Incoming("commands")
  @Blocking
  public void onCommand(ConsumerRecord<String, String> record) {
    String migration = record.key();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("migration", migration);
    answer.put("offset", record.offset());
    String command = null;
    try {
      JsonNode value = record.value() == null ? null : mapper.readTree(record.value());
      if (value != null && value.has("command")) {
        command = value.get("command").asText();
        answer.put("command", command);
      }
      SignedCommand signed = SignedCommand.parse(record.key(), value);
      migration = signed.migration();
      answer.put("migration", migration);
      checkAge(signed);
      String operator = authenticator.authenticate(signed);
      if (!nonces.claim(signed)) {
        throw new IllegalArgumentException(
            "a command with nonce " + signed.nonce() + " was taken before: not run again");
      }
      String by = signed.by();
      CommandOutcome outcome =
          commands.run(
              command,
              migration,
              by == null ? operator : operator + " (" + by + ")",
              signed.reason());
      answer.put("accepted", true);
      answer.put("state", outcome.state());
      answer.put("cutover", outcome.cutover());
      answer.put("message", outcome.message());
      LOG.infof(
          "Command %s for '%s' from tributary.commands: %s", command, migration, outcome.message());
    } catch (CommandRefused e) {
      answer.put("accepted", false);
      if (!e.badInput()) {
        answer.put("state", e.state());
      }
      answer.put("message", e.getMessage());
    } catch (RuntimeException | IOException e) {
      answer.put("accepted", false);
      answer.put("message", String.valueOf(e.getMessage()));
    }
    if (Boolean.FALSE.equals(answer.get("accepted"))) {
      LOG.warnf(
          "Command %s for '%s' from tributary.commands (offset %d) refused: %s",
          command, migration, record.offset(), answer.get("message"));
    }
    status.publishNotice(migration == null ? "" : migration, answer);
  }

  /** Refuses a command issued too long ago, or in the future beyond the clocks' skew. */
  private void checkAge(SignedCommand signed) {
    Duration age = Duration.between(Instant.ofEpochMilli(signed.issuedAt()), Instant.now());
    if (age.compareTo(Duration.ofSeconds(-CLOCK_SKEW_SECONDS)) < 0) {
      throw new IllegalArgumentException(
          "the command was issued "
              + age.negated().toSeconds()
              + " s in the future (more than the "
              + CLOCK_SKEW_SECONDS
              + " s clocks may disagree): not run");
    }
    if (age.compareTo(config.commandMaxAge()) > 0) {
      throw new IllegalArgumentException(
          "the command is "
              + age.toSeconds()
              + " s old, older than tributary.orchestrator.command-max-age ("
              + config.commandMaxAge().toSeconds()
              + " s): not run");
    }
  }
}
