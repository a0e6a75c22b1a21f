package io.tributary.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/compose/compose.yaml}: only the fields of the Compose specification this file uses
 * are allowed (a misspelt one fails, as Compose itself would refuse or, worse, ignore it), and the
 * services' images, ports and environment agree with the services.
 */
class ComposeFileTest {
  /** Allowed fields per level of the file (a subset of the Compose specification). */
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "", Set.of("name", "services", "volumes"),
          "service",
              Set.of(
                  "image",
                  "command",
                  "environment",
                  "ports",
                  "volumes",
                  "depends_on",
                  "healthcheck",
                  "deploy"),
          "healthcheck", Set.of("test", "interval", "retries", "timeout", "start_period"),
          "deploy", Set.of("replicas"),
          "depends_on", Set.of("condition"));

  static Path root;
  static JsonNode compose;

  @BeforeAll
  static void load() throws IOException {
    root = Path.of(System.getProperty("tributary.root", "../..")).toAbsolutePath().normalize();
    compose = read(Files.readString(root.resolve("deploy/compose/compose.yaml")));
  }

  static JsonNode read(String yaml) throws IOException {
    JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    List<String> problems = new ArrayList<>();
    allowed(file, "", "", problems);
    file.path("services")
        .fields()
        .forEachRemaining(
            s -> {
              String at = "services." + s.getKey();
              allowed(s.getValue(), "service", at, problems);
              allowed(
                  s.getValue().path("healthcheck"), "healthcheck", at + ".healthcheck", problems);
              allowed(s.getValue().path("deploy"), "deploy", at + ".deploy", problems);
              s.getValue()
                  .path("depends_on")
                  .fields()
                  .forEachRemaining(
                      d ->
                          allowed(
                              d.getValue(),
                              "depends_on",
                              at + ".depends_on." + d.getKey(),
                              problems));
            });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("compose.yaml: " + String.join("; ", problems));
    }
    return file;
  }

  private static void allowed(JsonNode node, String level, String at, List<String> problems) {
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.get(level).contains(f)) {
                problems.add("unknown field \"" + f + "\" in " + (at.isEmpty() ? "the file" : at));
              }
            });
  }

  @Test
  @DisplayName("A misspelt field fails, naming it")
  void misspeltFieldsFail() throws IOException {
    String text = Files.readString(root.resolve("deploy/compose/compose.yaml"));
    assertThatThrownBy(() -> read(text.replace("    depends_on:", "    depend_on:")))
        .hasMessageContaining("unknown field \"depend_on\" in services.orchestrator-service");
    assertThatThrownBy(() -> read(text.replace("      replicas: 2", "      replica: 2")))
        .hasMessageContaining("\"replica\" in services.cdc-service.deploy");
  }

  @Test
  @DisplayName("The services' images, ports, environment and what they depend on agree")
  void servicesAgree() throws IOException {
    JsonNode services = compose.path("services");
    String version = System.getProperty("tributary.version");
    for (String name : KubernetesManifestsTest.SERVICES) {
      ServiceConfiguration service = ServiceConfiguration.of(root, name);
      JsonNode s = services.path(name);
      assertThat(s.isMissingNode()).as(name).isFalse();
      assertThat(s.path("image").asText()).isEqualTo("tributary/" + name + ":" + version);
      s.path("environment")
          .fieldNames()
          .forEachRemaining(
              variable ->
                  assertThat(service.knows(variable))
                      .as(name + ": " + variable + " is a setting of " + name)
                      .isTrue());
      assertThat(s.path("environment").path("QUARKUS_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
      for (JsonNode port : s.path("ports")) {
        String[] parts = port.asText().split(":");
        assertThat(Integer.parseInt(parts[parts.length - 1]))
            .as(name + " publishes the port it listens on")
            .isEqualTo(service.port());
      }
      s.path("depends_on")
          .fieldNames()
          .forEachRemaining(
              d -> assertThat(services.has(d)).as(name + " depends on " + d).isTrue());
      for (JsonNode volume : s.path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith("./")) {
          assertThat(root.resolve("deploy/compose").resolve(source))
              .as(name + " mounts " + source)
              .exists();
        } else {
          assertThat(compose.path("volumes").has(source)).as(name + " volume " + source).isTrue();
        }
      }
    }
  }
}
