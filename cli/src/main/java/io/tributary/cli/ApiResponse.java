package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer of the API.
 *
 * @param method the request's method
 * @param target the request's path and query
 * @param status the HTTP status
 * @param body the answer's body as text
 */
public record ApiResponse(String method, String target, int status, String body) {

  /** The body as JSON, or null when it is not JSON. */
  public JsonNode json() {
    return Json.parseOrNull(body);
  }

  /** True for 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The {@code error} of a JSON answer, else its text's first line (shortened). */
  public String error() {
    JsonNode doc = json();
    if (doc != null && doc.hasNonNull("error")) {
      return doc.get("error").asText();
    }
    String text = body == null ? "" : body.strip();
    int nl = text.indexOf('\n');
    if (nl >= 0) {
      text = text.substring(0, nl).strip() + " …";
    }
    if (text.length() > 300) {
      text = text.substring(0, 300) + " …";
    }
    return text.isEmpty() ? "(no answer body)" : text;
  }
}
