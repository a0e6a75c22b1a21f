package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.source.spi.capture.CaptureContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * What cdc-service offers the kinds' captures ({@link CaptureContext}): its capture settings, the
 * control-schema records of each source's capture, the producer's partition counts, the engines'
 * stored offsets and the target's type oids.
 */
@ApplicationScoped
public class CaptureContexts {

  @Produces
  @Singleton // a record cannot be proxied, as a normal scope would need
  CaptureContext context(
      CaptureConfig config,
      CaptureRepository repository,
      KafkaClients kafka,
      StoredSourceOffsets offsets) {
    return new CaptureContext(
        config,
        repository,
        topic -> kafka.producer().partitionsFor(topic).size(),
        (migration, source) ->
            offsets.of(migration, source).values().stream()
                .map(StoredSourceOffsets.Stored::value)
                .toList(),
        repository::targetTypeOid);
  }
}
