package io.tributary.validator.deep;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.validation.Comparison;
import io.tributary.common.validation.ValidationDifference;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.validator.ResultTime;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.Verdict;
import io.tributary.validator.deep.DeepTableValidator.Outcome;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.Difference;
import io.tributary.validator.source.ValidationSources;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds the result of a table's row-by-row comparison as it is published and stored: its counts,
 * its verdict, its first differences, and the longest its reads held the source's writers back
 * ({@link ValidationSource#takeLongestReadLock}).
 */
@ApplicationScoped
class DeepOutcomes {
  private final ValidatorConfig config;
  private final ValidationSources sources;

  DeepOutcomes(ValidatorConfig config, ValidationSources sources) {
    this.config = config;
    this.sources = sources;
  }

  /**
   * The outcome of a comparison.
   *
   * @param sourceRows the source's rows as the result reports them
   * @param targetRows the target's rows as the result reports them
   * @param rejectedRows the rows apply rejected
   * @param lag apply's lag, null when not read
   */
  Outcome of(
      ValidatedTable table,
      ValidationMode mode,
      Long requestId,
      DiffResult diff,
      Verdict verdict,
      Long sourceRows,
      Long targetRows,
      long rejectedRows,
      Long lag,
      long millis) {
    TableDef definition = table.definition();
    Comparison comparison =
        new Comparison(
            diff.sourceRows(),
            diff.missingRows(),
            diff.extraRows(),
            diff.differingRows(),
            diff.differences().size(),
            diff.complete(),
            diff.passes(),
            millis,
            sources
                .of(table.sourceKind())
                .map(source -> source.takeLongestReadLock(table))
                .orElse(null),
            published(diff.differences()));
    ValidationResult result =
        new ValidationResult(
            null,
            requestId,
            table.migration(),
            table.source(),
            table.sourceTable(),
            definition.targetSchema(),
            definition.targetTable(),
            mode,
            verdict.status(),
            sourceRows,
            targetRows,
            rejectedRows,
            null,
            lag,
            diff.sourceChecksum(),
            diff.targetChecksum(),
            verdict.detail(),
            ResultTime.now(),
            null,
            comparison);
    return new Outcome(result, diff);
  }

  /** The first differences, as the result publishes them, numbered from 1 as they are stored. */
  private List<ValidationDifference> published(List<Difference> differences) {
    return IntStream.range(0, Math.min(differences.size(), config.deep().published()))
        .mapToObj(i -> differences.get(i).view(i + 1))
        .toList();
  }
}
