package io.tributary.auth;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The operator of the tests: the token configured in {@code
 * src/test/resources/application.properties} and requests that carry it. Use {@code
 * Operator.given()} where {@code RestAssured.given()} would be used (static import), for every call
 * that changes something.
 */
public final class Operator {
  /** The test operator token ({@code tributary.auth.token} of the tests). */
  public static final String TOKEN = "test-operator-token-7f3c9a";

  /** The name recorded for the token's calls ({@code tributary.auth.operator-name}). */
  public static final String NAME = "operator";

  private Operator() {}

  /** {@code RestAssured.given()} with {@code Authorization: Bearer TOKEN}. */
  public static RequestSpecification given() {
    return RestAssured.given().header("Authorization", "Bearer " + TOKEN);
  }
}
