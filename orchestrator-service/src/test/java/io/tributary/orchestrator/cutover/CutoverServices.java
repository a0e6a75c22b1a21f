package io.tributary.orchestrator.cutover;

import io.tributary.testing.ServiceProcess;
import io.tributary.testing.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * cdc-service and validator-service, the packaged jars run as child processes against the
 * orchestrator-under-test's database and Kafka, so a cutover runs through the real pipeline. One
 * pair per database; started on first use, stopped when the JVM exits or the database changes. When
 * another test class takes them over, the migrations the previous class left running are ended
 * first ({@link LeftoverMigrations}): their capture, fallback window and validation would otherwise
 * load the machine under every later class's cutover.
 */
final class CutoverServices {
  private static String database;
  private static ServiceProcess cdc;
  private static ServiceProcess validator;
  private static Class<?> testClass;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(CutoverServices::stop));
  }

  private CutoverServices() {}

  /** Starts both services for {@code db} unless they run for it already. */
  static synchronized void ensure(String db) throws Exception {
    ensure(db, Map.of());
  }

  /**
   * Starts both services for {@code db} with {@code environment} added to theirs (over the
   * defaults: the shared broker, ...), unless they run for it already.
   */
  static synchronized void ensure(String db, Map<String, String> environment) throws Exception {
    Class<?> caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                frames ->
                    frames
                        .map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != CutoverServices.class)
                        .findFirst()
                        .orElse(CutoverServices.class));
    if (db.equals(database) && cdc != null) {
      if (testClass != null && caller != testClass) {
        LeftoverMigrations.end(testClass.getSimpleName());
      }
      testClass = caller;
      return;
    }
    testClass = caller;
    Map<String, String> kafkaEnvironment = new HashMap<>(environment);
    stop();
    TestInfrastructure infra = TestInfrastructure.get();
    Path logs = Files.createDirectories(Path.of("target", "cutover-it").toAbsolutePath());
    cdc =
        new ServiceProcess(
            "cdc-service",
            infra,
            db,
            logs.resolve("cdc-service.log"),
            with(
                kafkaEnvironment,
                Map.of(
                    "TRIBUTARY_CAPTURE_SUPERVISE_INTERVAL",
                    "1s",
                    "TRIBUTARY_CAPTURE_RESTART_BACKOFF",
                    "2s")));
    validator =
        new ServiceProcess(
            "validator-service",
            infra,
            db,
            logs.resolve("validator-service.log"),
            with(
                kafkaEnvironment,
                Map.of(
                    "TRIBUTARY_VALIDATOR_INTERVAL",
                    "1s",
                    "TRIBUTARY_VALIDATOR_REVERSE_INTERVAL",
                    "2s")));
    cdc.start();
    validator.start();
    database = db;
  }

  /**
   * Kafka settings (without the {@code kafka.} prefix, as the orchestrator under test has them) as
   * the services' environment: {@code KAFKA_SECURITY_PROTOCOL} is {@code kafka.security.protocol}.
   */
  static Map<String, String> kafkaEnvironment(Map<String, ?> kafka) {
    Map<String, String> environment = new HashMap<>();
    kafka.forEach(
        (key, value) ->
            environment.put(
                "KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), String.valueOf(value)));
    return environment;
  }

  private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    Map<String, String> both = new HashMap<>(a);
    both.putAll(b);
    return both;
  }

  /** cdc-service's base URL (started by {@link #ensure}). */
  static synchronized String cdcUrl() {
    return cdc.url();
  }

  /** validator-service's base URL (started by {@link #ensure}). */
  static synchronized String validatorUrl() {
    return validator.url();
  }

  static synchronized void stop() {
    for (ServiceProcess p : new ServiceProcess[] {cdc, validator}) {
      if (p != null) {
        try {
          p.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    cdc = null;
    validator = null;
    database = null;
  }
}
