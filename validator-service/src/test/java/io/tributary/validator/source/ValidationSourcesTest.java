package io.tributary.validator.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.validate.ValidationContext;
import io.tributary.source.spi.validate.ValidationSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValidationSourcesTest {

  @Test
  @DisplayName(
      "The kinds' modules on the validator's class path give a validation source for SQLite,"
          + " PostgreSQL and Chroma; MySQL is not validated, and says so")
  void kindsFoundOnTheClassPath() {
    ValidationSources sources =
        new ValidationSources(
            SourceKinds.load().offering(kind -> kind.validation(new ValidationContext(null, 0))));

    for (SourceKind kind :
        new SourceKind[] {SourceKind.SQLITE, SourceKind.POSTGRES, SourceKind.CHROMA}) {
      assertThat(sources.of(kind)).map(ValidationSource::kind).contains(kind);
    }
    assertThat(sources.of(SourceKind.MYSQL)).isEmpty();
    assertThat(sources.of(null)).isEmpty();
    assertThat(ValidationSources.unsupported(SourceKind.MYSQL))
        .isEqualTo("validating mysql sources is not supported by this version yet");
  }
}
