package io.tributary.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A path of the API with its query, every part percent-encoded. */
public final class ApiPath {
  private final String path;
  private final List<String> query = new ArrayList<>();

  private ApiPath(String path) {
    this.path = path;
  }

  /** {@code /seg1/seg2...}, each segment encoded ({@code a b} becomes {@code a%20b}). */
  public static ApiPath of(String... segments) {
    StringBuilder out = new StringBuilder();
    for (String segment : segments) {
      out.append('/').append(encode(segment));
    }
    return new ApiPath(out.toString());
  }

  /** Adds {@code name=value} to the query; nothing when value is null. */
  public ApiPath query(String name, Object value) {
    if (value != null) {
      query.add(encode(name) + "=" + encode(String.valueOf(value)));
    }
    return this;
  }

  /** Adds {@code name=true} when flag is set. */
  public ApiPath flag(String name, boolean flag) {
    return flag ? query(name, "true") : this;
  }

  @Override
  public String toString() {
    return query.isEmpty() ? path : path + "?" + String.join("&", query);
  }

  /** RFC 3986: everything but the unreserved characters as %XX of its UTF-8 bytes. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
