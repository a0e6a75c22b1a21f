package io.tributary.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The documents of {@code deploy/kubernetes}, each read into its model class ({@link StrictYaml}):
 * the Kubernetes kinds by fabric8's, Strimzi's by Strimzi's {@code api}. A kind not listed here
 * fails, so a new kind of document gets a model before it is trusted.
 */
final class KubernetesManifests {
  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaConnect", KafkaConnect.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaConnector", KafkaConnector.class));

  private static final ObjectMapper STRICT = StrictYaml.mapper();
  private static final ObjectMapper TREE = new ObjectMapper(new YAMLFactory());

  private final List<HasMetadata> resources;

  private KubernetesManifests(List<HasMetadata> resources) {
    this.resources = resources;
  }

  /** Every {@code *.yaml} of the directory, in name order. */
  static KubernetesManifests load(Path dir) throws IOException {
    List<HasMetadata> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(read(file.getFileName().toString(), Files.readString(file)));
      }
    }
    return new KubernetesManifests(all);
  }

  /**
   * The documents of one file's text.
   *
   * @throws IllegalArgumentException naming the file, the document and what is wrong
   */
  static List<HasMetadata> read(String name, String yaml) {
    List<HasMetadata> documents = new ArrayList<>();
    try (YAMLParser parser = (YAMLParser) TREE.getFactory().createParser(yaml)) {
      int index = 0;
      for (var it = TREE.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode document = it.next();
        index++;
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
          throw new IllegalArgumentException(
              name
                  + " document "
                  + index
                  + ": no model for "
                  + kind
                  + " (known: "
                  + KINDS.keySet()
                  + ")");
        }
        try {
          documents.add(STRICT.treeToValue((ObjectNode) document, type));
        } catch (IOException | IllegalArgumentException e) {
          throw new IllegalArgumentException(
              name + " document " + index + " (" + kind + "): " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(name + " is not YAML: " + e.getMessage(), e);
    }
    return documents;
  }

  List<HasMetadata> all() {
    return resources;
  }

  <T extends HasMetadata> List<T> of(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T named(Class<T> type, String name) {
    return of(type).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
  }
}
