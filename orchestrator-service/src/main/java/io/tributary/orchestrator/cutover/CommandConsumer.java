package io.tributary.orchestrator.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.control.StatusPublisher;
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
 * Takes operator commands from {@code tributary.commands}: key the migration, value JSON {@code
 * {"command": "cutover"|"rollback"|"pause"|"resume", "reason", "by", "authorization"}} where {@code
 * authorization} carries the same credential as the REST API's {@code Authorization} header. Each
 * command has the effect of its REST call; its outcome (or why it was refused) is published on
 * {@code tributary.status} as {@code {"migration","command","accepted","state","cutover","message",
 * "offset"}}. Commands older than {@code tributary.orchestrator.command-max-age} are refused, so a
 * consumer group that starts from the beginning of the topic does not replay old cutovers.
 */
@ApplicationScoped
public class CommandConsumer {
  private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

  private final OperatorCommands commands;
  private final CommandAuthenticator authenticator;
  private final StatusPublisher status;
  private final ObjectMapper mapper;
  private final OrchestratorConfig config;

  public CommandConsumer(
      OperatorCommands commands,
      CommandAuthenticator authenticator,
      StatusPublisher status,
      ObjectMapper mapper,
      OrchestratorConfig config) {
    this.commands = commands;
    this.authenticator = authenticator;
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
      if (value == null || !value.isObject()) {
        throw new IllegalArgumentException(
            "the value is not a JSON object {\"command\", \"reason\", \"authorization\"}");
      }
      command = text(value, "command");
      answer.put("command", command);
      if (migration == null || migration.isBlank()) {
        migration = text(value, "migration");
        answer.put("migration", migration);
      }
      if (migration == null || migration.isBlank()) {
        throw new IllegalArgumentException("the record has no key naming the migration");
      }
      Duration age = Duration.between(Instant.ofEpochMilli(record.timestamp()), Instant.now());
      if (age.compareTo(config.commandMaxAge()) > 0) {
        throw new IllegalArgumentException(
            "the command is "
                + age.toSeconds()
                + " s old, older than tributary.orchestrator.command-max-age ("
                + config.commandMaxAge().toSeconds()
                + " s): not run");
      }
      String operator = authenticator.authenticate(text(value, "authorization"));
      String by = text(value, "by");
      CommandOutcome outcome =
          commands.run(
              command,
              migration,
              by == null ? operator : operator + " (" + by + ")",
              text(value, "reason"));
      answer.put("accepted", true);
      answer.put("state", outcome.state());
      answer.put("cutover", outcome.cutover());
      answer.put("message", outcome.message());
      LOG.infof(
          "Command %s for '%s' from tributary.commands: %s", command, migration, outcome.message());
    } catch (CutoverRefused e) {
      answer.put("accepted", false);
      answer.put("state", e.state());
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

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
