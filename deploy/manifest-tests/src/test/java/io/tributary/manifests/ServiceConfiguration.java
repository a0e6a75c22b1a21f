package io.tributary.manifests;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import io.tributary.auth.OperatorAuthConfig;
import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.apply.ApplyConfig;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.validator.ValidatorConfig;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What a service can be told through its environment, read from the service itself: its HTTP port
 * ({@code quarkus.http.port} of its {@code application.properties}), the settings of its config
 * mappings ({@code tributary.*}, by reflection), the Quarkus settings the manifests may set, and
 * Kafka's client settings ({@code KAFKA_*}, which every Kafka client of the service takes).
 */
record ServiceConfiguration(String name, int port, Set<String> environment, Set<String> prefixes) {

  /** The Quarkus settings deployments set (the rest of Quarkus' settings are the service's own). */
  private static final List<String> QUARKUS =
      List.of(
          "quarkus.http.host",
          "quarkus.http.port",
          "quarkus.datasource.reactive.url",
          "quarkus.datasource.username",
          "quarkus.datasource.password",
          "quarkus.log.level",
          "quarkus.log.console.json");

  static final Map<String, List<Class<?>>> MAPPINGS =
      Map.of(
          "orchestrator-service", List.of(OrchestratorConfig.class, OperatorAuthConfig.class),
          "cdc-service", List.of(CaptureConfig.class, ApplyConfig.class, OperatorAuthConfig.class),
          "validator-service", List.of(ValidatorConfig.class, OperatorAuthConfig.class));

  static ServiceConfiguration of(Path root, String service) throws IOException {
    Properties properties = new Properties();
    try (Reader in =
        Files.newBufferedReader(
            root.resolve(service).resolve("src/main/resources/application.properties"))) {
      properties.load(in);
    }
    Set<String> names = new TreeSet<>();
    Set<String> prefixes = new TreeSet<>();
    for (Class<?> mapping : MAPPINGS.get(service)) {
      collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, names, prefixes);
    }
    names.addAll(QUARKUS);
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith("tributary.")) {
        names.add(key);
      }
    }
    Set<String> kafka = new TreeSet<>(ConsumerConfig.configNames());
    kafka.addAll(ProducerConfig.configNames());
    kafka.addAll(AdminClientConfig.configNames());
    kafka.forEach(k -> names.add("kafka." + k));
    Set<String> environment = new TreeSet<>();
    names.forEach(n -> environment.add(env(n)));
    Set<String> envPrefixes = new TreeSet<>();
    prefixes.forEach(p -> envPrefixes.add(env(p) + "_"));
    return new ServiceConfiguration(
        service,
        Integer.parseInt(properties.getProperty("quarkus.http.port")),
        environment,
        envPrefixes);
  }

  /** Whether the environment variable names a setting of the service. */
  boolean knows(String variable) {
    return environment.contains(variable) || prefixes.stream().anyMatch(variable::startsWith);
  }

  /** The default of a config mapping's setting ({@code @WithDefault}). */
  static String defaultOf(Class<?> mapping, String method) {
    try {
      return mapping.getMethod(method).getAnnotation(WithDefault.class).value();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(mapping + " has no " + method, e);
    }
  }

  /** MicroProfile Config's environment form: upper case, every non-alphanumeric an underscore. */
  static String env(String property) {
    return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static void collect(String prefix, Class<?> type, Set<String> names, Set<String> maps) {
    for (Method method : type.getMethods()) {
      if (method.getParameterCount() > 0
          || method.isDefault()
          || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      String name =
          method.isAnnotationPresent(WithParentName.class)
              ? prefix
              : prefix
                  + "."
                  + (method.isAnnotationPresent(WithName.class)
                      ? method.getAnnotation(WithName.class).value()
                      : kebab(method.getName()));
      Type returned = method.getGenericReturnType();
      Class<?> raw = method.getReturnType();
      if (raw == Optional.class || raw == List.class) {
        Type inner = ((ParameterizedType) returned).getActualTypeArguments()[0];
        raw = inner instanceof Class<?> c ? c : raw;
      }
      if (Map.class.isAssignableFrom(raw)) {
        maps.add(name);
      } else if (raw.isInterface() && raw.getName().startsWith("io.tributary.")) {
        collect(name, raw, names, maps);
      } else {
        names.add(name);
      }
    }
  }

  private static String kebab(String camel) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
      word.append(Character.toLowerCase(c));
    }
    words.add(word.toString());
    return String.join("-", words);
  }
}
