package io.tributary.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process stand-in for the orchestrator's API: canned answers per method and path (a queue:
 * each call takes the next, the last one repeats), and every request it received.
 */
final class FakeApi implements AutoCloseable {
  /** A request as received: raw path and query (still encoded), headers lower-cased. */
  record Request(
      String method, String path, String query, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** METHOD path?query. */
    String line() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }
  }

  private record Answer(int status, String body, Duration delay) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The API's base address. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Adds an answer to METHOD path (raw path, without the query). */
  FakeApi on(String method, String path, int status, String body) {
    return on(method, path, status, body, Duration.ZERO);
  }

  FakeApi on(String method, String path, int status, String body, Duration delay) {
    routes
        .computeIfAbsent(method + " " + path, k -> new ArrayDeque<>())
        .add(new Answer(status, body, delay));
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  Request last() {
    return requests.get(requests.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    String path = exchange.getRequestURI().getRawPath();
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestURI().getRawQuery(),
            headers,
            body));
    Deque<Answer> queue = routes.get(exchange.getRequestMethod() + " " + path);
    Answer answer;
    if (queue == null) {
      answer = new Answer(404, "{\"error\":\"no route " + path + "\"}", Duration.ZERO);
    } else {
      synchronized (queue) {
        answer = queue.size() > 1 ? queue.poll() : queue.peek();
      }
    }
    if (!answer.delay().isZero()) {
      try {
        Thread.sleep(answer.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client gave up (a timeout test)
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
