package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls the operator API: one request, its answer; the operator token goes in {@code Authorization:
 * Bearer} (never to a redirect: redirects are not followed).
 */
public final class ApiClient {
  static final String JSON = "application/json";
  static final String YAML = "application/yaml";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Endpoints endpoints;
  private final Duration requestTimeout;
  private final String userAgent;
  private final HttpClient http;

  public ApiClient(Endpoints endpoints, Duration requestTimeout, String userAgent) {
    this.endpoints = endpoints;
    this.requestTimeout = requestTimeout;
    this.userAgent = userAgent;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** A request without a body. */
  public ApiResponse send(String method, ApiPath target) {
    return send(method, target, null, null);
  }

  /**
   * Sends a request and returns its answer, whatever its status.
   *
   * @throws CliException exit 69 when the API cannot be reached or does not answer in time
   */
  public ApiResponse send(String method, ApiPath target, String contentType, byte[] body) {
    String where = target.toString();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoints.api() + where))
            .timeout(requestTimeout)
            .header("Accept", JSON)
            .header("User-Agent", userAgent)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (endpoints.token() != null) {
      request.header("Authorization", "Bearer " + endpoints.token());
    }
    try {
      HttpResponse<String> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new ApiResponse(method, where, answer.statusCode(), answer.body());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw new CliException(
          ExitCode.UNAVAILABLE,
          "the API at "
              + endpoints.api()
              + " did not answer "
              + method
              + " "
              + where
              + " within "
              + seconds(requestTimeout)
              + " (--request-timeout)");
    } catch (ConnectException e) {
      throw unreachable(
          causedBy(e, UnresolvedAddressException.class)
              ? "unknown host " + URI.create(endpoints.api()).getHost()
              : "connection refused");
    } catch (IOException e) {
      throw unreachable(describe(e));
    } catch (UnresolvedAddressException e) {
      throw unreachable(describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(130, "interrupted");
    }
  }

  /** The JSON of a 2xx answer; any other answer ends the command ({@link #refusal}). */
  public JsonNode expectOk(ApiResponse answer) {
    if (!answer.ok()) {
      throw refusal(answer);
    }
    JsonNode doc = answer.json();
    if (doc == null) {
      throw new CliException(
          ExitCode.FAILED,
          answer.method()
              + " "
              + answer.target()
              + " answered "
              + answer.status()
              + " with something that is not JSON: "
              + answer.error()
              + " (is "
              + endpoints.api()
              + " Tributary's orchestrator API?)");
    }
    return doc;
  }

  /**
   * What a refused request ends the command with: 409 (refused in the migration's state) exit 2;
   * 401 (no or a wrong token: where it comes from) and any other status exit 1.
   */
  public CliException refusal(ApiResponse answer) {
    String call = answer.method() + " " + answer.target();
    if (answer.status() == 401) {
      return new CliException(
          ExitCode.FAILED,
          call + ": not authorized (" + answer.error() + "): " + endpoints.authHint());
    }
    if (answer.status() == 409) {
      return new CliException(ExitCode.USAGE, "refused: " + answer.error());
    }
    JsonNode doc = answer.json();
    if (answer.status() == 400 && doc != null && doc.path("errors").isArray()) {
      StringBuilder text = new StringBuilder(call + ": the plan is refused:");
      for (JsonNode e : doc.get("errors")) {
        text.append("\n  ")
            .append(e.path("field").asText("?"))
            .append(": ")
            .append(e.path("message").asText(""));
      }
      return new CliException(ExitCode.FAILED, text.toString());
    }
    return new CliException(
        ExitCode.FAILED, call + " answered " + answer.status() + ": " + answer.error());
  }

  private CliException unreachable(String why) {
    return new CliException(
        ExitCode.UNAVAILABLE,
        "cannot reach the API at "
            + endpoints.api()
            + " ("
            + endpoints.apiFrom()
            + "): "
            + why
            + "; is the runtime up? (deploy/local/up.sh starts it)");
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> cause) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (cause.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : (d.toMillis() / 1000.0) + " s";
  }
}
