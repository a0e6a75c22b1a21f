package io.tributary.orchestrator.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Stores, thins and reads the samples of {@code tributary.progress_samples}. */
@ApplicationScoped
public class ProgressHistoryRepository {
  private static final TypeReference<List<ProgressSample.TableSample>> TABLES =
      new TypeReference<>() {};
  private static final TypeReference<List<ProgressSample.SourceSample>> SOURCES =
      new TypeReference<>() {};

  private final Pool pool;
  private final ObjectMapper json;

  public ProgressHistoryRepository(Pool pool, ObjectMapper json) {
    this.pool = pool;
    this.json = json;
  }

  /** Stores one sample of migration {@code id} and thins its history to about {@code keep}. */
  public Uni<Void> add(String id, ProgressSample sample, int keep) {
    Tuple values;
    try {
      values =
          Tuple.of(
              id,
              sample.at(),
              sample.state(),
              json.writeValueAsString(sample.tables()),
              json.writeValueAsString(sample.sources()));
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(ProgressHistoryStatements.INSERT)
                .execute(values)
                .chain(
                    () ->
                        connection
                            .preparedQuery(ProgressHistoryStatements.THIN)
                            .execute(Tuple.of(id, keep)))
                .replaceWithVoid());
  }

  /** Migration {@code id}'s samples, oldest first. */
  public Uni<List<ProgressSample>> read(String id) {
    return pool.preparedQuery(ProgressHistoryStatements.READ)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              List<ProgressSample> samples = new ArrayList<>();
              for (Row row : rows) {
                samples.add(sample(row));
              }
              return samples;
            });
  }

  private ProgressSample sample(Row row) {
    try {
      return new ProgressSample(
          row.getOffsetDateTime(0),
          row.getString(1),
          json.readValue(row.getString(2), TABLES),
          json.readValue(row.getString(3), SOURCES));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a progress sample is not the JSON it was stored as", e);
    }
  }
}
