package io.tributary.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.tributary.capture.connect.ConnectCaptureConfig;
import io.tributary.cdc.CaptureConfig;
import io.tributary.common.event.Topics;
import io.tributary.connect.sqlite.ConnectSqliteSourceConnector;
import io.tributary.source.sqlite.capture.SqliteConnectorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code deploy/kubernetes}: strict models, and agreement with the services' configuration. */
class KubernetesManifestsTest {
  static final List<String> SERVICES =
      List.of("orchestrator-service", "cdc-service", "validator-service");

  /** Secrets Strimzi writes: the KafkaUser's (its name) and the cluster CA's truststore. */
  private static Set<String> strimziSecrets(KubernetesManifests manifests) {
    Set<String> names = new HashSet<>();
    manifests.of(KafkaUser.class).forEach(u -> names.add(u.getMetadata().getName()));
    manifests
        .of(Kafka.class)
        .forEach(k -> names.add(k.getMetadata().getName() + "-cluster-ca-cert"));
    return names;
  }

  static Path root;
  static KubernetesManifests manifests;

  /** The Secrets create-secrets.sh makes, name to keys (none is shipped with a value). */
  static Map<String, Set<String>> bootstrap;

  @BeforeAll
  static void load() throws IOException {
    root = Path.of(System.getProperty("tributary.root", "../..")).toAbsolutePath().normalize();
    manifests = KubernetesManifests.load(root.resolve("deploy/kubernetes"));
    bootstrap = BootstrapSecrets.of(root);
  }

  /**
   * Whether a Secret of that name exists once deployed: Strimzi's, create-secrets.sh's, shipped.
   */
  static boolean secretExists(String name) {
    return strimziSecrets(manifests).contains(name)
        || bootstrap.containsKey(name)
        || manifests.of(Secret.class).stream()
            .anyMatch(s -> s.getMetadata().getName().equals(name));
  }

  @Test
  @DisplayName("Every document loads into its fabric8 or Strimzi model, strictly")
  void everyDocumentLoads() {
    assertThat(manifests.all()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(manifests.of(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsAll(SERVICES);
    manifests
        .all()
        .forEach(
            r ->
                assertThat(r.getMetadata().getNamespace()).as(r.getKind()).isIn("tributary", null));
  }

  @Test
  @DisplayName("A misspelt field fails, naming it")
  void misspeltFieldsFail() throws IOException {
    String cdc = Files.readString(root.resolve("deploy/kubernetes/31-cdc.yaml"));
    assertThat(cdc).contains("  replicas: 2");
    assertThatThrownBy(
            () ->
                KubernetesManifests.read(
                    "31-cdc.yaml", cdc.replace("  replicas: 2", "  replica: 2")))
        .hasMessageContaining("31-cdc.yaml document 1 (apps/v1/Deployment)")
        .hasMessageContaining("\"replica\"");
    assertThatThrownBy(
            () ->
                KubernetesManifests.read(
                    "31-cdc.yaml", cdc.replace("path: /q/health/live", "pth: /q/health/live")))
        .hasMessageContaining("\"pth\"");
    String topics = Files.readString(root.resolve("deploy/kubernetes/11-topics.yaml"));
    assertThatThrownBy(
            () ->
                KubernetesManifests.read(
                    "11-topics.yaml", topics.replaceFirst("partitions:", "partitons:")))
        .hasMessageContaining("kafka.strimzi.io/v1beta2/KafkaTopic")
        .hasMessageContaining("\"partitons\"");
    String kafka = Files.readString(root.resolve("deploy/kubernetes/10-kafka.yaml"));
    assertThatThrownBy(
            () ->
                KubernetesManifests.read(
                    "10-kafka.yaml",
                    kafka.replace(
                        "authorization:\n      type: simple",
                        "authorisation:\n      type: simple")))
        .hasMessageContaining("\"authorisation\"");
    assertThatThrownBy(
            () ->
                KubernetesManifests.read(
                    "x.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"))
        .hasMessageContaining("no model for v1/Pod");
  }

  @Test
  @DisplayName(
      "The services' images, ports, probes, environment and volumes agree with the services")
  void servicesAgreeWithTheirConfiguration() throws IOException {
    String version = System.getProperty("tributary.version");
    assertThat(version).as("the project version (set by Maven)").isNotBlank();
    for (String name : SERVICES) {
      ServiceConfiguration service = ServiceConfiguration.of(root, name);
      Deployment deployment = manifests.named(Deployment.class, name);
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
      assertThat(pod.getContainers()).hasSize(1);
      Container container = pod.getContainers().get(0);
      String where = name + " container";
      assertThat(container.getImage())
          .as(where + " image")
          .isEqualTo("tributary/" + name + ":" + version);
      // the port the service listens on
      Map<String, Integer> ports = new HashMap<>();
      container.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort()));
      Map<String, String> env = environment(container, name);
      int listens =
          env.containsKey("QUARKUS_HTTP_PORT")
              ? Integer.parseInt(env.get("QUARKUS_HTTP_PORT"))
              : service.port();
      assertThat(ports.values()).as(where + " ports").containsExactly(listens);
      assertThat(env.get("QUARKUS_HTTP_HOST"))
          .as(where + ": listens beyond loopback")
          .isEqualTo("0.0.0.0");
      // probes: Kubernetes restarts on liveness only; readiness and startup are Quarkus' own checks
      assertProbe(
          container.getLivenessProbe(), "/q/health/live", ports, listens, where + " liveness");
      assertProbe(
          container.getReadinessProbe(), "/q/health/ready", ports, listens, where + " readiness");
      assertProbe(
          container.getStartupProbe(), "/q/health/started", ports, listens, where + " startup");
      // every variable names a setting the service has
      for (String variable : env.keySet()) {
        assertThat(service.knows(variable))
            .as(where + ": " + variable + " is a setting of " + name)
            .isTrue();
      }
      assertThat(env)
          .as(where)
          .containsKeys(
              "QUARKUS_DATASOURCE_REACTIVE_URL",
              "QUARKUS_DATASOURCE_USERNAME",
              "QUARKUS_DATASOURCE_PASSWORD",
              "KAFKA_BOOTSTRAP_SERVERS",
              "KAFKA_SECURITY_PROTOCOL",
              "KAFKA_SASL_JAAS_CONFIG",
              "KAFKA_SSL_TRUSTSTORE_LOCATION",
              "KAFKA_SSL_TRUSTSTORE_PASSWORD",
              "TRIBUTARY_AUTH_TOKEN_FILE");
      // what is referenced exists: ConfigMaps, Secrets (or Strimzi writes them), claims, volumes
      for (EnvFromSource from : container.getEnvFrom()) {
        if (from.getConfigMapRef() != null) {
          manifests.named(ConfigMap.class, from.getConfigMapRef().getName());
        } else {
          assertThat(secretExists(from.getSecretRef().getName()))
              .as(where + ": secret " + from.getSecretRef().getName())
              .isTrue();
        }
      }
      for (EnvVar variable : container.getEnv()) {
        if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
          String secret = variable.getValueFrom().getSecretKeyRef().getName();
          assertThat(secretExists(secret)).as(where + ": secret " + secret).isTrue();
          if (bootstrap.containsKey(secret)) {
            assertThat(bootstrap.get(secret))
                .as(where + ": " + BootstrapSecrets.SCRIPT + " makes " + secret + "'s key")
                .contains(variable.getValueFrom().getSecretKeyRef().getKey());
          }
        }
      }
      Map<String, Volume> volumes = new HashMap<>();
      pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
      Map<String, Volume> mounted = new HashMap<>();
      for (VolumeMount mount : container.getVolumeMounts()) {
        Volume volume = volumes.get(mount.getName());
        assertThat(volume).as(where + ": volume " + mount.getName()).isNotNull();
        mounted.put(mount.getMountPath(), volume);
        if (volume.getPersistentVolumeClaim() != null) {
          manifests.named(
              PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName());
        }
        if (volume.getSecret() != null) {
          String secret = volume.getSecret().getSecretName();
          assertThat(secretExists(secret)).as(where + ": secret volume " + secret).isTrue();
          if (bootstrap.containsKey(secret) && volume.getSecret().getItems() != null) {
            volume
                .getSecret()
                .getItems()
                .forEach(
                    item ->
                        assertThat(bootstrap.get(secret))
                            .as(
                                where
                                    + ": "
                                    + BootstrapSecrets.SCRIPT
                                    + " makes "
                                    + secret
                                    + "'s key")
                            .contains(item.getKey()));
          }
        }
      }
      // files the settings name are where a volume puts them
      assertFileOnVolume(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"), mounted, where);
      assertFileOnVolume(env.get("TRIBUTARY_AUTH_TOKEN_FILE"), mounted, where);
      // the Service reaches the container's port
      Service svc = manifests.named(Service.class, name);
      assertThat(svc.getSpec().getSelector())
          .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
      for (ServicePort port : svc.getSpec().getPorts()) {
        assertThat(resolve(port.getTargetPort(), ports))
            .as(name + " Service targetPort")
            .isEqualTo(listens);
      }
    }
  }

  @Test
  @DisplayName("Kafka: the services' settings match the listener, the user's ACLs cover the topics")
  void kafkaAgrees() {
    ConfigMap kafkaSettings = manifests.named(ConfigMap.class, "tributary-kafka");
    Map<String, String> data = kafkaSettings.getData();
    Kafka kafka = manifests.of(Kafka.class).get(0);
    String bootstrap = data.get("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(bootstrap).startsWith(kafka.getMetadata().getName() + "-kafka-bootstrap.");
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    GenericKafkaListener listener =
        kafka.getSpec().getKafka().getListeners().stream()
            .filter(l -> l.getPort() == port)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no listener on port " + port));
    assertThat(listener.isTls()).isTrue();
    assertThat(listener.getAuth().getType()).isEqualTo("scram-sha-512");
    assertThat(data)
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
        .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    // the topics of fixed names exist (table topics are created by capture)
    List<String> topics =
        manifests.of(KafkaTopic.class).stream().map(t -> t.getMetadata().getName()).toList();
    assertThat(topics)
        .contains(Topics.COMMANDS, Topics.STATUS, Topics.VALIDATION, Topics.REJECTS, Topics.CAPTURE)
        .contains(ServiceConfiguration.defaultOf(CaptureConfig.class, "offsetTopic"));
    manifests
        .of(KafkaTopic.class)
        .forEach(
            t ->
                assertThat(t.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
    KafkaUser user = manifests.of(KafkaUser.class).get(0);
    assertThat(user.getSpec().getAuthentication().getType()).isEqualTo("scram-sha-512");
    var acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    assertThat(acls)
        .anySatisfy(
            acl -> {
              assertThat(acl.getResource().getType()).isEqualTo("topic");
              assertThat(acl.getResource().toString()).contains("tributary.");
            });
  }

  @Test
  @DisplayName(
      "Kafka Connect: the connector's class and settings are the plugin's, its secrets readable")
  void connectAgrees() throws Exception {
    KafkaConnect connect = manifests.of(KafkaConnect.class).get(0);
    String connectName = connect.getMetadata().getName();
    assertThat(connect.getSpec().getBootstrapServers())
        .isEqualTo(
            manifests
                .named(ConfigMap.class, "tributary-kafka")
                .getData()
                .get("KAFKA_BOOTSTRAP_SERVERS"));
    KafkaUser user = manifests.of(KafkaUser.class).get(0);
    assertThat(connect.getSpec().getAuthentication().getType()).isEqualTo("scram-sha-512");
    assertThat(connect.getSpec().getBuild().getPlugins())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getArtifacts())
                    .singleElement()
                    .satisfies(a -> assertThat(a.getType()).isEqualTo("zip")));
    connect.getSpec().getTemplate().getPod().getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null)
        .forEach(
            v ->
                manifests.named(
                    PersistentVolumeClaim.class, v.getPersistentVolumeClaim().getClaimName()));
    // Strimzi names the workers' service account <cluster>-connect: the Role lets it read secrets
    RoleBinding binding = manifests.named(RoleBinding.class, "tributary-connect-secrets");
    assertThat(binding.getSubjects())
        .anySatisfy(subject -> assertThat(subject.getName()).isEqualTo(connectName + "-connect"));
    Role role = manifests.named(Role.class, binding.getRoleRef().getName());
    Set<String> readable = new HashSet<>(role.getRules().get(0).getResourceNames());
    Set<String> secrets = strimziSecrets(manifests);
    manifests.of(Secret.class).forEach(secret -> secrets.add(secret.getMetadata().getName()));
    secrets.addAll(bootstrap.keySet());

    Set<String> known = new HashSet<>(ConnectCaptureConfig.DEFINITION.names());
    known.addAll(SqliteConnectorConfig.DEFINITION.names());
    Set<String> kafkaNames = new HashSet<>(AdminClientConfig.configNames());
    List<KafkaConnector> connectors = manifests.of(KafkaConnector.class);
    assertThat(connectors).isNotEmpty();
    for (KafkaConnector connector : connectors) {
      String where = "KafkaConnector " + connector.getMetadata().getName();
      assertThat(connector.getMetadata().getLabels())
          .as(where)
          .containsEntry("strimzi.io/cluster", connectName);
      Class<?> type = Class.forName(connector.getSpec().getClassName());
      assertThat(SourceConnector.class).as(where + " class").isAssignableFrom(type);
      Map<String, Object> config = connector.getSpec().getConfig();
      for (ConfigDef.ConfigKey key : ConnectCaptureConfig.DEFINITION.configKeys().values()) {
        if (!key.hasDefault()) {
          assertThat(config).as(where + " sets " + key.name).containsKey(key.name);
        }
      }
      ConnectSqliteSourceConnector.CONVERTERS.forEach(
          (key, value) -> assertThat(config).as(where).containsEntry(key, value));
      for (Map.Entry<String, Object> entry : config.entrySet()) {
        String key = entry.getKey();
        boolean ok =
            known.contains(key)
                || ConnectSqliteSourceConnector.CONVERTERS.containsKey(key)
                || (key.startsWith(ConnectCaptureConfig.KAFKA_PREFIX)
                    && kafkaNames.contains(
                        key.substring(ConnectCaptureConfig.KAFKA_PREFIX.length())));
        assertThat(ok).as(where + ": " + key + " is a setting of the connector").isTrue();
        Matcher reference = SECRET_REFERENCE.matcher(String.valueOf(entry.getValue()));
        while (reference.find()) {
          assertThat(reference.group(1))
              .as(where + ": " + key + " namespace")
              .isEqualTo("tributary");
          assertThat(secrets)
              .as(where + ": " + key + " names a secret")
              .contains(reference.group(2));
          assertThat(readable)
              .as(where + ": the workers may read " + reference.group(2))
              .contains(reference.group(2));
        }
      }
      assertThat(config.get(ConnectCaptureConfig.KAFKA_BOOTSTRAP))
          .isEqualTo(connect.getSpec().getBootstrapServers());
    }
    assertThat(user.getMetadata().getName()).isEqualTo("tributary");
  }

  /** {@code ${secrets:namespace/name:key}}: Strimzi's KubernetesSecretConfigProvider. */
  private static final Pattern SECRET_REFERENCE =
      Pattern.compile("\\$\\{secrets:([^/]+)/([^:]+):([^}]+)}");

  private static Map<String, String> environment(Container container, String name) {
    Map<String, String> env = new HashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      if (from.getConfigMapRef() != null) {
        env.putAll(manifests.named(ConfigMap.class, from.getConfigMapRef().getName()).getData());
      } else {
        Secret secret = manifests.named(Secret.class, from.getSecretRef().getName());
        env.putAll(secret.getStringData() != null ? secret.getStringData() : Map.of());
        if (secret.getData() != null) {
          secret.getData().keySet().forEach(k -> env.put(k, "(secret)"));
        }
      }
    }
    for (EnvVar variable : container.getEnv()) {
      assertThat(
              env.put(
                  variable.getName(),
                  variable.getValue() == null
                      ? "(from " + variable.getValueFrom() + ")"
                      : variable.getValue()))
          .as(name + ": " + variable.getName() + " set twice")
          .isNull();
    }
    return env;
  }

  private static void assertProbe(
      Probe probe, String path, Map<String, Integer> ports, int listens, String what) {
    assertThat(probe).as(what).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get).as(what + " is an HTTP GET").isNotNull();
    assertThat(get.getPath()).as(what + " path").isEqualTo(path);
    assertThat(resolve(get.getPort(), ports)).as(what + " port").isEqualTo(listens);
  }

  private static int resolve(IntOrString port, Map<String, Integer> ports) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    Integer named = ports.get(port.getStrVal());
    assertThat(named).as("port named " + port.getStrVal()).isNotNull();
    return named;
  }

  private static void assertFileOnVolume(String file, Map<String, Volume> mounted, String where) {
    Path path = Path.of(file);
    Volume volume = mounted.get(path.getParent().toString());
    assertThat(volume).as(where + ": a volume is mounted at " + path.getParent()).isNotNull();
    String key = path.getFileName().toString();
    if (volume.getSecret() != null
        && volume.getSecret().getItems() != null
        && !volume.getSecret().getItems().isEmpty()) {
      assertThat(volume.getSecret().getItems())
          .as(where + ": " + file)
          .anyMatch(i -> i.getPath().equals(key));
    } else if (volume.getSecret() != null) {
      String secret = volume.getSecret().getSecretName();
      manifests.of(Secret.class).stream()
          .filter(s -> s.getMetadata().getName().equals(secret))
          .findFirst()
          .ifPresent(s -> assertThat(s.getStringData()).as(where + ": " + file).containsKey(key));
    }
  }
}
