package io.tributary.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The server settings every test PostgreSQL runs with, local or in a container: logical decoding
 * for change data capture, and no durability (the data is thrown away).
 */
public final class PostgresSettings {

  /** Setting name to value, in a stable order. */
  public static final Map<String, String> SERVER = server();

  private PostgresSettings() {}

  private static Map<String, String> server() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("wal_level", "logical");
    settings.put("max_replication_slots", "64");
    settings.put("max_wal_senders", "64");
    settings.put("fsync", "off");
    settings.put("synchronous_commit", "off");
    settings.put("full_page_writes", "off");
    settings.put("max_connections", "200");
    settings.put("shared_buffers", "128MB");
    return Collections.unmodifiableMap(settings);
  }

  /** The settings as {@code postgresql.conf} lines. */
  static List<String> confLines() {
    return SERVER.entrySet().stream()
        .map(setting -> setting.getKey() + " = '" + setting.getValue() + "'")
        .collect(Collectors.toList());
  }

  /** The {@code postgres} command line of a container, with a {@code -c} option per setting. */
  static String[] containerCommand() {
    return Stream.concat(
            Stream.of("postgres"),
            SERVER.entrySet().stream()
                .flatMap(s -> Stream.of("-c", s.getKey() + "=" + s.getValue())))
        .toArray(String[]::new);
  }
}
