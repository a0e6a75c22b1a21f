package io.tributary.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.strimzi.api.kafka.model.common.template.ContainerTemplate;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityOperatorSpec;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Least privilege of the deployment (issue 47, M4 and M5): no secret value shipped, pods that run
 * restricted with limits and no service account token, a default-deny NetworkPolicy and policies
 * for what must connect, Compose on loopback with its secrets required, and a database login of its
 * own per service. Each check is a method taking the manifests, so the test can show it fails on a
 * broken copy.
 */
class HardeningTest {
  /** A value someone meant to replace: shipped, it is a known password. */
  static final Pattern PLACEHOLDER =
      Pattern.compile(
          "(?i)change[-_ ]?(me|it|this)|replace[-_ ]?me|\\bpassw(or)?d123|\\bs3cr3t\\b|"
              + "\\bsecret123\\b|\\bdefault[-_]?password\\b");

  /** The owner role's login: the orchestrator's (it migrates and provisions). */
  static final String OWNER_SERVICE = "orchestrator-service";

  static Path root;
  static KubernetesManifests manifests;

  @BeforeAll
  static void load() throws IOException {
    root = Path.of(System.getProperty("tributary.root", "../..")).toAbsolutePath().normalize();
    manifests = KubernetesManifests.load(root.resolve("deploy/kubernetes"));
  }

  // --- M4: no secret shipped ----------------------------------------------------------------

  @Test
  @DisplayName("No file of deploy/kubernetes or deploy/compose holds a placeholder secret")
  void noPlaceholderAnywhere() throws IOException {
    List<String> found = placeholders(List.of("deploy/kubernetes", "deploy/compose"));
    assertThat(found).as("placeholder secrets").isEmpty();
    assertThat(placeholders("x.yaml", "stringData:\n  password: change-me\n")).isNotEmpty();
    assertThat(placeholders("x.txt", "\"pgbouncer\" \"changeme\"\n")).isNotEmpty();
    assertThat(placeholders("x.yaml", "token: CHANGE_ME_TO_64_HEX\n")).isNotEmpty();
  }

  @Test
  @DisplayName("No Secret is shipped with a value; those referenced are made by create-secrets.sh")
  void noSecretValues() throws IOException {
    assertNoSecretValues(manifests.all().stream().filter(Secret.class::isInstance).toList());
    Map<String, Set<String>> made = BootstrapSecrets.of(root);
    assertThat(made)
        .containsKeys(
            "tributary-operator",
            "tributary-db-orchestrator",
            "tributary-db-cdc",
            "tributary-db-validator",
            "tributary-db-connect",
            "pgbouncer-auth");
    String script = Files.readString(root.resolve(BootstrapSecrets.SCRIPT));
    assertThat(script).as("values generated, not written").contains("openssl rand");
    assertThat(script)
        .as("values through files, not on a command line")
        .doesNotContain("--from-literal");
    // a Secret with a value fails
    String broken =
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: tributary}\n"
            + "stringData:\n  password: hunter2\n";
    assertThatThrownBy(
            () -> assertNoSecretValues(List.copyOf(KubernetesManifests.read("x.yaml", broken))))
        .hasMessageContaining("Secret s ships a value");
  }

  static void assertNoSecretValues(List<?> secrets) {
    for (Object o : secrets) {
      Secret secret = (Secret) o;
      boolean empty =
          (secret.getData() == null || secret.getData().isEmpty())
              && (secret.getStringData() == null || secret.getStringData().isEmpty());
      assertThat(empty).as("Secret " + secret.getMetadata().getName() + " ships a value").isTrue();
    }
  }

  // --- M5: pods ----------------------------------------------------------------------------

  @Test
  @DisplayName(
      "Every Deployment: restricted security context, no token, limits, /tmp on an emptyDir")
  void deploymentsRestricted() throws IOException {
    List<Deployment> deployments = manifests.of(Deployment.class);
    assertThat(deployments).extracting(d -> d.getMetadata().getName()).contains("pgbouncer");
    deployments.forEach(HardeningTest::assertRestricted);
    // each part of the check fails on a broken copy
    String cdc = Files.readString(root.resolve("deploy/kubernetes/31-cdc.yaml"));
    for (String[] breaking :
        new String[][] {
          {"allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", "escalation"},
          {"readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "read-only root"},
          {"                - ALL", "                - NET_RAW", "drops ALL"},
          {"automountServiceAccountToken: false", "automountServiceAccountToken: true", "token"},
          {"          type: RuntimeDefault", "          type: Unconfined", "seccomp"},
          {
            "            runAsUser: 185\n            allowPrivilegeEscalation",
            "            runAsUser: 0\n            allowPrivilegeEscalation",
            "runAsUser"
          },
          {"              cpu: \"2\"\n", "", "cpu limit"},
          {"              mountPath: /tmp\n", "              mountPath: /scratch\n", "/tmp"},
        }) {
      assertThat(cdc).contains(breaking[0]);
      Deployment broken =
          (Deployment)
              KubernetesManifests.read("31-cdc.yaml", cdc.replace(breaking[0], breaking[1])).get(0);
      assertThatThrownBy(() -> assertRestricted(broken))
          .as("breaking " + breaking[2])
          .hasMessageContaining(breaking[2]);
    }
  }

  static void assertRestricted(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken())
        .as(name + ": no service account token mounted (automountServiceAccountToken: false)")
        .isFalse();
    assertThat(pod.getHostNetwork()).as(name + " hostNetwork").isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).as(name + " hostPID").isNotEqualTo(Boolean.TRUE);
    PodSecurityContext podContext = pod.getSecurityContext();
    assertThat(podContext).as(name + ": pod securityContext").isNotNull();
    assertThat(podContext.getSeccompProfile()).as(name + ": seccomp profile").isNotNull();
    assertThat(podContext.getSeccompProfile().getType())
        .as(name + ": seccomp RuntimeDefault")
        .isEqualTo("RuntimeDefault");
    Map<String, Volume> volumes = new HashMap<>();
    pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
    List<Container> containers = new ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    for (Container container : containers) {
      String where = name + " container " + container.getName();
      assertContainerContext(container.getSecurityContext(), podContext, where);
      assertLimits(container.getResources(), where);
      if (pod.getContainers().contains(container)) {
        // a long-running process writes temporary files: /tmp is an emptyDir
        VolumeMount tmp =
            container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/tmp"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(where + ": no emptyDir mounted at /tmp"));
        assertThat(volumes.get(tmp.getName()).getEmptyDir())
            .as(where + ": /tmp is an emptyDir")
            .isNotNull();
      }
    }
  }

  /** The container's own context, or the pod's where Kubernetes takes that (user, non-root). */
  static void assertContainerContext(
      SecurityContext context, PodSecurityContext pod, String where) {
    assertThat(context).as(where + ": securityContext").isNotNull();
    assertThat(context.getAllowPrivilegeEscalation())
        .as(where + ": no privilege escalation")
        .isFalse();
    assertThat(context.getPrivileged()).as(where + ": privileged").isNotEqualTo(Boolean.TRUE);
    assertThat(context.getReadOnlyRootFilesystem())
        .as(where + ": read-only root filesystem")
        .isTrue();
    assertThat(context.getCapabilities()).as(where + ": capabilities").isNotNull();
    assertThat(context.getCapabilities().getDrop())
        .as(where + ": drops ALL capabilities")
        .contains("ALL");
    assertThat(context.getCapabilities().getAdd())
        .as(where + ": adds no capability")
        .isNullOrEmpty();
    Boolean nonRoot =
        context.getRunAsNonRoot() != null
            ? context.getRunAsNonRoot()
            : pod == null ? null : pod.getRunAsNonRoot();
    assertThat(nonRoot).as(where + ": runAsNonRoot").isTrue();
    Long user =
        context.getRunAsUser() != null
            ? context.getRunAsUser()
            : pod == null ? null : pod.getRunAsUser();
    assertThat(user).as(where + ": a numeric runAsUser").isNotNull().isPositive();
  }

  static void assertLimits(ResourceRequirements resources, String where) {
    assertThat(resources).as(where + ": resources").isNotNull();
    assertThat(resources.getRequests()).as(where + ": requests").containsKeys("cpu", "memory");
    assertThat(resources.getLimits()).as(where + ": cpu limit").containsKey("cpu");
    assertThat(resources.getLimits()).as(where + ": memory limit").containsKey("memory");
  }

  @Test
  @DisplayName("Strimzi's pods: restricted containers and limits (Kafka, entity operator, Connect)")
  void strimziRestricted() {
    for (KafkaNodePool pool : manifests.of(KafkaNodePool.class)) {
      String where = "KafkaNodePool " + pool.getMetadata().getName();
      assertLimits(pool.getSpec().getResources(), where);
      assertThat(pool.getSpec().getTemplate()).as(where + " template").isNotNull();
      assertStrimzi(
          pool.getSpec().getTemplate().getPod(),
          pool.getSpec().getTemplate().getKafkaContainer(),
          where);
    }
    for (Kafka kafka : manifests.of(Kafka.class)) {
      EntityOperatorSpec operator = kafka.getSpec().getEntityOperator();
      String where = "Kafka " + kafka.getMetadata().getName() + " entity operator";
      assertLimits(operator.getTopicOperator().getResources(), where + " topic operator");
      assertLimits(operator.getUserOperator().getResources(), where + " user operator");
      assertThat(operator.getTemplate()).as(where + " template").isNotNull();
      assertStrimzi(
          operator.getTemplate().getPod(),
          operator.getTemplate().getTopicOperatorContainer(),
          where + " topic operator");
      assertStrimzi(
          operator.getTemplate().getPod(),
          operator.getTemplate().getUserOperatorContainer(),
          where + " user operator");
    }
    for (KafkaConnect connect : manifests.of(KafkaConnect.class)) {
      String where = "KafkaConnect " + connect.getMetadata().getName();
      assertLimits(connect.getSpec().getResources(), where);
      assertStrimzi(
          connect.getSpec().getTemplate().getPod(),
          connect.getSpec().getTemplate().getConnectContainer(),
          where);
    }
    assertThatThrownBy(() -> assertStrimzi(new PodTemplate(), new ContainerTemplate(), "bare"))
        .hasMessageContaining("bare");
  }

  static void assertStrimzi(PodTemplate pod, ContainerTemplate container, String where) {
    assertThat(pod).as(where + ": pod template").isNotNull();
    assertThat(pod.getSecurityContext()).as(where + ": pod securityContext").isNotNull();
    assertThat(pod.getSecurityContext().getSeccompProfile())
        .as(where + ": seccomp RuntimeDefault")
        .isNotNull();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container).as(where + ": container template").isNotNull();
    assertContainerContext(container.getSecurityContext(), pod.getSecurityContext(), where);
  }

  // --- M5: network ---------------------------------------------------------------------------

  @Test
  @DisplayName("NetworkPolicies: ingress denied by default, each service reached only as needed")
  void networkPolicies() {
    assertNetworkPolicies(manifests.of(NetworkPolicy.class));
    // Kafka's listener is opened by Strimzi to named peers only
    manifests
        .of(Kafka.class)
        .forEach(
            k ->
                k.getSpec()
                    .getKafka()
                    .getListeners()
                    .forEach(
                        l ->
                            assertThat(l.getNetworkPolicyPeers())
                                .as("listener " + l.getName() + " names its peers")
                                .isNotEmpty()));
    List<NetworkPolicy> policies = manifests.of(NetworkPolicy.class);
    assertThatThrownBy(
            () ->
                assertNetworkPolicies(
                    policies.stream()
                        .filter(p -> !p.getMetadata().getName().equals("default-deny-ingress"))
                        .toList()))
        .hasMessageContaining("default deny");
    assertThatThrownBy(
            () ->
                assertNetworkPolicies(
                    policies.stream()
                        .filter(p -> !p.getMetadata().getName().equals("pgbouncer"))
                        .toList()))
        .hasMessageContaining("pgbouncer");
    NetworkPolicy open =
        (NetworkPolicy)
            KubernetesManifests.read(
                    "x.yaml",
                    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                        + "metadata: {name: open, namespace: tributary}\n"
                        + "spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{}]}\n")
                .get(0);
    List<NetworkPolicy> withOpen = new ArrayList<>(policies);
    withOpen.add(open);
    assertThatThrownBy(() -> assertNetworkPolicies(withOpen))
        .hasMessageContaining("open: an ingress rule without");
  }

  static void assertNetworkPolicies(List<NetworkPolicy> policies) {
    assertThat(policies)
        .as("a default deny of ingress (empty podSelector, Ingress, no rule)")
        .anySatisfy(
            p -> {
              assertThat(selectsEverything(p.getSpec().getPodSelector())).isTrue();
              assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
              assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            });
    for (NetworkPolicy policy : policies) {
      for (NetworkPolicyIngressRule rule : nullToEmpty(policy.getSpec().getIngress())) {
        assertThat(rule.getFrom())
            .as(policy.getMetadata().getName() + ": an ingress rule without sources allows all")
            .isNotEmpty();
        assertThat(rule.getPorts())
            .as(policy.getMetadata().getName() + ": an ingress rule without ports opens every port")
            .isNotEmpty();
      }
    }
    // every Deployment's listening port is opened to someone by a policy selecting its pods
    for (Deployment deployment : manifests.of(Deployment.class)) {
      Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        for (var port : container.getPorts()) {
          boolean opened =
              policies.stream()
                  .filter(p -> !selectsEverything(p.getSpec().getPodSelector()))
                  .filter(p -> selects(p.getSpec().getPodSelector(), labels))
                  .flatMap(p -> nullToEmpty(p.getSpec().getIngress()).stream())
                  .flatMap(r -> nullToEmpty(r.getPorts()).stream())
                  .map(NetworkPolicyPort::getPort)
                  .anyMatch(
                      p ->
                          (p.getIntVal() != null && p.getIntVal().equals(port.getContainerPort()))
                              || port.getName().equals(p.getStrVal()));
          assertThat(opened)
              .as(
                  deployment.getMetadata().getName()
                      + " port "
                      + port.getContainerPort()
                      + " is reached through a NetworkPolicy")
              .isTrue();
        }
      }
    }
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static boolean selectsEverything(LabelSelector selector) {
    return selector == null
        || (nullToEmpty(selector.getMatchExpressions()).isEmpty()
            && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()));
  }

  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null
        && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    for (var expression : nullToEmpty(selector.getMatchExpressions())) {
      String value = labels.get(expression.getKey());
      boolean in = value != null && expression.getValues().contains(value);
      switch (expression.getOperator()) {
        case "In" -> {
          if (!in) {
            return false;
          }
        }
        case "NotIn" -> {
          if (in) {
            return false;
          }
        }
        case "Exists" -> {
          if (value == null) {
            return false;
          }
        }
        case "DoesNotExist" -> {
          if (value != null) {
            return false;
          }
        }
        default -> throw new AssertionError("operator " + expression.getOperator());
      }
    }
    return true;
  }

  // --- M5: one database login per service ----------------------------------------------------

  @Test
  @DisplayName(
      "Each service its own database login and Secret; the owner's is the orchestrator's alone")
  void perServiceCredentials() throws IOException {
    Map<String, String[]> logins = databaseLogins(manifests);
    assertPerServiceCredentials(logins);
    // the roles the manifests log in as are the ones roles.sql makes, with the rights described
    String roles = Files.readString(root.resolve("deploy/kubernetes/bootstrap/roles.sql"));
    logins.forEach(
        (service, login) ->
            assertThat(roles)
                .as(service + ": roles.sql makes its login " + login[0])
                .containsPattern("CREATE ROLE " + login[0] + " LOGIN"));
    assertThat(createRoleLines(roles))
        .as("only the owner role may create roles")
        .allSatisfy(
            line -> {
              if (line.contains("CREATEROLE") || line.contains("SUPERUSER")) {
                assertThat(line).startsWith("CREATE ROLE " + logins.get(OWNER_SERVICE)[0] + " ");
              }
            });
    String validator = logins.get("validator-service")[0];
    assertThat(createRoleLines(roles))
        .as("the validator's login is a member of tributary_validator only")
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("CREATE ROLE " + validator + " LOGIN")
                    .endsWith("IN ROLE tributary_validator;"));
    assertThat(roles).doesNotContainPattern("GRANT [^;]* TO " + validator + "\\b");
    // the Connect workers may read their own login's Secret and not the others'
    Role connectSecrets = manifests.named(Role.class, "tributary-connect-secrets");
    List<String> readable = connectSecrets.getRules().get(0).getResourceNames();
    logins.forEach(
        (service, login) ->
            assertThat(readable)
                .as("Connect workers read " + login[1])
                .matches(r -> r.contains(login[1]) == service.equals("connect")));
    // a shared credential fails
    Map<String, String[]> shared = new HashMap<>(logins);
    shared.put("validator-service", logins.get(OWNER_SERVICE));
    assertThatThrownBy(() -> assertPerServiceCredentials(shared))
        .hasMessageContaining("validator-service");
    Map<String, String[]> sharedSecret = new HashMap<>(logins);
    sharedSecret.put("cdc-service", new String[] {"tributary_cdc", logins.get(OWNER_SERVICE)[1]});
    assertThatThrownBy(() -> assertPerServiceCredentials(sharedSecret))
        .hasMessageContaining("cdc-service");
  }

  private static List<String> createRoleLines(String sql) {
    return sql.lines().filter(l -> l.startsWith("CREATE ROLE ")).toList();
  }

  /** Service (and "connect") to {login, Secret of its password}. */
  static Map<String, String[]> databaseLogins(KubernetesManifests manifests) {
    Map<String, String[]> logins = new HashMap<>();
    for (String service : KubernetesManifestsTest.SERVICES) {
      Container container =
          manifests
              .named(Deployment.class, service)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0);
      assertThat(container.getEnvFrom())
          .as(service + ": no Secret taken whole (envFrom)")
          .allSatisfy(from -> assertThat(from.getSecretRef()).isNull());
      String user = null;
      String secret = null;
      for (EnvVar variable : container.getEnv()) {
        if (variable.getName().equals("QUARKUS_DATASOURCE_USERNAME")) {
          user = variable.getValue();
        }
        if (variable.getName().equals("QUARKUS_DATASOURCE_PASSWORD")) {
          assertThat(variable.getValue()).as(service + ": the password is not written").isNull();
          secret = variable.getValueFrom().getSecretKeyRef().getName();
        }
      }
      logins.put(service, new String[] {user, secret});
    }
    for (KafkaConnector connector : manifests.of(KafkaConnector.class)) {
      Map<String, Object> config = connector.getSpec().getConfig();
      Matcher reference =
          Pattern.compile("\\$\\{secrets:[^/]+/([^:]+):[^}]+}")
              .matcher(String.valueOf(config.get("tributary.control.password")));
      assertThat(reference.matches())
          .as(connector.getMetadata().getName() + ": the password is a Secret reference")
          .isTrue();
      String[] login = {String.valueOf(config.get("tributary.control.user")), reference.group(1)};
      String[] before = logins.put("connect", login);
      if (before != null) {
        assertThat(login).as("the connectors share the workers' login").isEqualTo(before);
      }
    }
    return logins;
  }

  static void assertPerServiceCredentials(Map<String, String[]> logins) {
    Map<String, String> users = new HashMap<>();
    Map<String, String> secrets = new HashMap<>();
    String[] owner = logins.get(OWNER_SERVICE);
    logins.forEach(
        (service, login) -> {
          assertThat(login[0]).as(service + ": a login").isNotBlank();
          assertThat(login[1]).as(service + ": a Secret for its password").isNotBlank();
          assertThat(users.put(login[0], service))
              .as(service + ": its own login, not " + users.get(login[0]) + "'s (" + login[0] + ")")
              .isNull();
          assertThat(secrets.put(login[1], service))
              .as(
                  service
                      + ": its own Secret, not "
                      + secrets.get(login[1])
                      + "'s ("
                      + login[1]
                      + ")")
              .isNull();
          if (!service.equals(OWNER_SERVICE)) {
            assertThat(login[0]).as(service + ": not the owner's login").isNotEqualTo(owner[0]);
          }
        });
  }

  // --- M4: Compose -----------------------------------------------------------------------------

  @Test
  @DisplayName("Compose: ports on 127.0.0.1 only, every secret required from the environment")
  void composeHardened() throws IOException {
    String text = Files.readString(root.resolve("deploy/compose/compose.yaml"));
    assertComposeHardened(ComposeFileTest.read(text));
    assertThatThrownBy(
            () ->
                assertComposeHardened(
                    ComposeFileTest.read(text.replace("\"127.0.0.1:6432:6432\"", "\"6432:6432\""))))
        .hasMessageContaining("pgbouncer publishes 6432:6432 beyond loopback");
    assertThatThrownBy(
            () ->
                assertComposeHardened(
                    ComposeFileTest.read(
                        text.replace(
                            "${TRIBUTARY_DB_CDC_PASSWORD:?run deploy/compose/init-env.sh}",
                            "${TRIBUTARY_DB_CDC_PASSWORD:-tributary}"))))
        .hasMessageContaining("TRIBUTARY_DB_CDC_PASSWORD is required");
    assertThatThrownBy(
            () ->
                assertComposeHardened(
                    ComposeFileTest.read(
                        text.replace(
                            "QUARKUS_DATASOURCE_USERNAME: tributary_validator_login",
                            "QUARKUS_DATASOURCE_USERNAME: tributary"))))
        .hasMessageContaining("validator-service");
    // the generated files are not committed, and the script that makes them generates
    assertThat(Files.readString(root.resolve("deploy/compose/.gitignore")))
        .contains("/.env")
        .contains("/pgbouncer/userlist.txt");
    assertThat(Files.readString(root.resolve("deploy/compose/init-env.sh")))
        .contains("openssl rand");
  }

  static void assertComposeHardened(JsonNode compose) {
    Map<String, String[]> logins = new HashMap<>();
    compose
        .path("services")
        .fields()
        .forEachRemaining(
            entry -> {
              String service = entry.getKey();
              for (JsonNode port : entry.getValue().path("ports")) {
                assertThat(port.asText())
                    .as(service + " publishes " + port.asText() + " beyond loopback")
                    .startsWith("127.0.0.1:");
              }
              entry
                  .getValue()
                  .path("environment")
                  .fields()
                  .forEachRemaining(
                      variable -> {
                        if (variable.getKey().matches(".*(PASSWORD|TOKEN|SECRET).*")) {
                          assertThat(variable.getValue().asText())
                              .as(service + ": " + variable.getKey() + " is required (${VAR:?...})")
                              .matches("\\$\\{[A-Z0-9_]+:\\?[^}]+}");
                        }
                      });
              JsonNode env = entry.getValue().path("environment");
              if (env.has("QUARKUS_DATASOURCE_USERNAME")) {
                logins.put(
                    service,
                    new String[] {
                      env.path("QUARKUS_DATASOURCE_USERNAME").asText(),
                      env.path("QUARKUS_DATASOURCE_PASSWORD").asText()
                    });
              }
            });
    assertThat(logins).containsKeys(KubernetesManifestsTest.SERVICES.toArray(String[]::new));
    assertPerServiceCredentials(logins);
  }

  // --- the scan ----------------------------------------------------------------------------------

  static List<String> placeholders(List<String> dirs) throws IOException {
    List<String> found = new ArrayList<>();
    for (String dir : dirs) {
      try (Stream<Path> files = Files.walk(root.resolve(dir))) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          found.addAll(placeholders(root.relativize(file).toString(), Files.readString(file)));
        }
      }
    }
    return found;
  }

  static List<String> placeholders(String name, String text) {
    List<String> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    text.lines()
        .forEach(
            line -> {
              Matcher m = PLACEHOLDER.matcher(line);
              if (m.find() && seen.add(line)) {
                found.add(name + ": " + line.strip());
              }
            });
    return found;
  }
}
