package io.tributary.validator;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;

/** The {@link SourceVerifier} of each kind of source this version validates: sqlite, postgres. */
@ApplicationScoped
public class SourceVerifiers {
  private final SqliteTableVerifier sqlite;
  private final PostgresSourceVerifier postgres;

  public SourceVerifiers(SqliteTableVerifier sqlite, PostgresSourceVerifier postgres) {
    this.sqlite = sqlite;
    this.postgres = postgres;
  }

  /** The verifier of a source kind as recorded ({@code sqlite}, ...); empty when unsupported. */
  public Optional<SourceVerifier> of(String kind) {
    return switch (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) {
      case "sqlite" -> Optional.of(sqlite);
      case "postgres" -> Optional.of(postgres);
      default -> Optional.empty();
    };
  }
}
