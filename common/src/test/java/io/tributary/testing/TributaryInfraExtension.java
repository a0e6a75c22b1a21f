package io.tributary.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for plain (non-Quarkus) tests: starts the {@link TestInfrastructure} before all
 * tests of the class and injects it into constructor, lifecycle and test method parameters of type
 * {@link TestInfrastructure}.
 *
 * <pre>{@code
 * @ExtendWith(TributaryInfraExtension.class)
 * class MyIT {
 *   @Test
 *   void works(TestInfrastructure infra) { ... infra.createDatabase("my") ... }
 * }
 * }</pre>
 */
public final class TributaryInfraExtension implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    TestInfrastructure.get();
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == TestInfrastructure.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return TestInfrastructure.get();
  }
}
