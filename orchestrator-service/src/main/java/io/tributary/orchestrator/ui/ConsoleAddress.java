package io.tributary.orchestrator.ui;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The addresses an operator types for the web console: {@code /} and {@code /ui} redirect to {@code
 * /ui/}, where its pages are (its static files are served from {@code /ui/}). Only those two exact
 * paths: {@code /ui/} itself and everything under it, and the API, are untouched. A redirect
 * carries no data, so it needs no credential; the pages it leads to ask for one.
 */
@ApplicationScoped
public class ConsoleAddress {
  /** The paths redirected: exactly {@code /} and {@code /ui} (not {@code /ui/}). */
  static final String REDIRECTED = "^/(ui)?$";

  void routes(@Observes Router router) {
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      router
          .routeWithRegex(method, REDIRECTED)
          .handler(
              context ->
                  context
                      .response()
                      .setStatusCode(302)
                      .putHeader(HttpHeaders.LOCATION, SignInResource.UI)
                      .end());
    }
  }
}
