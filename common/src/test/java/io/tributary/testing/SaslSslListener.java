package io.tributary.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SASL_SSL listener for a test broker, as a Kafka cluster that needs TLS and SASL has: a
 * self-signed certificate for {@code 127.0.0.1} in a PKCS12 keystore (made by the JDK's {@code
 * keytool}), the truststore clients verify it with (host name verification on), and one
 * SCRAM-SHA-512 user, created when the broker's storage is formatted. The broker talks to itself on
 * the same listener, as that user.
 */
public final class SaslSslListener {
  /** The SASL mechanism of the listener. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  private static final String USER = "tributary";

  private final Path keystore;
  private final Path truststore;
  private final String storePassword;
  private final String password;

  private SaslSslListener(Path keystore, Path truststore, String storePassword, String password) {
    this.keystore = keystore;
    this.truststore = truststore;
    this.storePassword = storePassword;
    this.password = password;
  }

  /** Makes the broker's key pair and certificate and the clients' truststore under {@code dir}. */
  public static SaslSslListener create(Path dir) {
    String storePassword = secret();
    Path keystore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.crt");
    Path truststore = dir.resolve("truststore.p12");
    Path log = dir.resolve("keytool.log");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Duration timeout = Duration.ofMinutes(1);
    Commands.run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "broker",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "30",
            "-dname",
            "CN=127.0.0.1",
            "-ext",
            "SAN=IP:127.0.0.1,DNS:localhost",
            "-storetype",
            "PKCS12",
            "-keystore",
            keystore.toString(),
            "-storepass",
            storePassword),
        dir,
        log,
        timeout);
    Commands.run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "broker",
            "-keystore",
            keystore.toString(),
            "-storepass",
            storePassword,
            "-file",
            certificate.toString()),
        dir,
        log,
        timeout);
    Commands.run(
        List.of(
            keytool,
            "-importcert",
            "-noprompt",
            "-alias",
            "broker",
            "-file",
            certificate.toString(),
            "-storetype",
            "PKCS12",
            "-keystore",
            truststore.toString(),
            "-storepass",
            storePassword),
        dir,
        log,
        timeout);
    return new SaslSslListener(keystore, truststore, storePassword, secret());
  }

  /** The {@code kafka-storage format --add-scram} argument that creates the user. */
  String scramCredential() {
    return MECHANISM + "=[name=" + USER + ",password=" + password + "]";
  }

  /** The broker's listeners and TLS and SASL settings (over {@link KafkaBrokerProperties#of}). */
  Map<String, String> brokerSettings(int brokerPort, int controllerPort) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(
        "listeners",
        "SASL_SSL://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    settings.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + brokerPort);
    settings.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    settings.put("inter.broker.listener.name", "SASL_SSL");
    settings.put("sasl.enabled.mechanisms", MECHANISM);
    settings.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    settings.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas());
    settings.put("ssl.keystore.location", keystore.toString());
    settings.put("ssl.keystore.password", storePassword);
    settings.put("ssl.keystore.type", "PKCS12");
    settings.put("ssl.truststore.location", truststore.toString());
    settings.put("ssl.truststore.password", storePassword);
    settings.put("ssl.truststore.type", "PKCS12");
    return settings;
  }

  /** What a client sets to connect ({@code bootstrap.servers} apart). */
  public Map<String, String> clientSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("security.protocol", "SASL_SSL");
    settings.put("sasl.mechanism", MECHANISM);
    settings.put("sasl.jaas.config", jaas());
    settings.put("ssl.truststore.location", truststore.toString());
    settings.put("ssl.truststore.password", storePassword);
    settings.put("ssl.truststore.type", "PKCS12");
    return settings;
  }

  private String jaas() {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + USER
        + "\" password=\""
        + password
        + "\";";
  }

  private static String secret() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
