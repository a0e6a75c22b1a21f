package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tributary.common.plan.CutoverAction;
import io.tributary.orchestrator.provision.NetworkRange;
import io.tributary.orchestrator.provision.SwitchActionPolicy;
import io.vertx.mutiny.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Security review (low): a webhook's host is resolved once, checked, and the post connects to that
 * address (DNS rebinding reaches nothing else); loopback and private ranges are refused unless
 * {@code webhook-private-networks} lists them.
 */
class WebhookAddressSecurityTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private Vertx vertx;
  private HttpServer server;
  private final List<String> hosts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          hosts.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI());
          exchange.getRequestBody().readAllBytes();
          byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    vertx.closeAndAwait();
  }

  private SwitchActionRunner runner(
      List<String> privateNetworks, SwitchActionPolicy.HostResolver resolver) {
    return new SwitchActionRunner(
        null,
        new ObjectMapper(),
        vertx,
        new SwitchActionPolicy(
            List.of(Path.of("target")),
            List.of(),
            null,
            privateNetworks.stream().map(NetworkRange::parse).toList(),
            resolver));
  }

  private CutoverAction.Webhook hook(String host) {
    return new CutoverAction.Webhook(
        URI.create("http://" + host + ":" + server.getAddress().getPort() + "/hook?k=v"),
        Map.of("X-Token", "t"),
        WAIT);
  }

  @Test
  @DisplayName("The name is resolved once: the post goes to the address checked, Host unchanged")
  void resolvedOnceAndPinned() {
    AtomicInteger lookups = new AtomicInteger();
    // a rebinding name: the first answer passes the check, a second would be a private address
    SwitchActionPolicy.HostResolver rebinding =
        host -> {
          if (lookups.getAndIncrement() == 0) {
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
          }
          return new InetAddress[] {InetAddress.getByName("10.9.9.9")};
        };
    String done =
        runner(List.of("127.0.0.0/8"), rebinding).announce(hook("hooks.example"), "m", "{}", WAIT);
    assertThat(done).isEqualTo("webhook: POST http://hooks.example:" + port() + "/… answered 200");
    assertThat(lookups).hasValue(1);
    assertThat(hosts).containsExactly("hooks.example:" + port() + " /hook?k=v");
  }

  @Test
  @DisplayName("Loopback, private and shared ranges are refused unless listed; link-local always")
  void privateRangesRefused() throws UnknownHostException {
    for (String address :
        List.of("127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.1.1", "100.64.0.1", "fd00::1")) {
      InetAddress resolved = InetAddress.getByName(address);
      SwitchActionRunner runner = runner(List.of(), host -> new InetAddress[] {resolved});
      assertThatThrownBy(() -> runner.announce(hook("hooks.example"), "m", "{}", WAIT))
          .isInstanceOf(CutoverStepException.class)
          .hasMessageContaining("is " + resolved.getHostAddress())
          .hasMessageContaining("tributary.orchestrator.cutover.webhook-private-networks");
    }
    assertThat(hosts).isEmpty();
    InetAddress metadata = InetAddress.getByName("169.254.169.254");
    SwitchActionRunner listed = runner(List.of("0.0.0.0/0"), host -> new InetAddress[] {metadata});
    assertThatThrownBy(() -> listed.announce(hook("hooks.example"), "m", "{}", WAIT))
        .isInstanceOf(CutoverStepException.class)
        .hasMessageContaining("link-local");
    // a name with one bad address among good ones is refused too
    SwitchActionRunner mixed =
        runner(
            List.of(),
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")
                });
    assertThatThrownBy(() -> mixed.announce(hook("hooks.example"), "m", "{}", WAIT))
        .hasMessageContaining("10.0.0.1");
  }

  @Test
  @DisplayName("Network ranges parse and match")
  void ranges() throws UnknownHostException {
    NetworkRange ten = NetworkRange.parse("10.0.0.0/8");
    assertThat(ten.contains(InetAddress.getByName("10.255.1.2"))).isTrue();
    assertThat(ten.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(ten.contains(InetAddress.getByName("::1"))).isFalse();
    assertThat(NetworkRange.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2")))
        .isFalse();
    assertThat(NetworkRange.parse("fc00::/7").contains(InetAddress.getByName("fd12::1"))).isTrue();
    assertThatThrownBy(() -> NetworkRange.parse("example.com/8"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkRange.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private int port() {
    return server.getAddress().getPort();
  }
}
