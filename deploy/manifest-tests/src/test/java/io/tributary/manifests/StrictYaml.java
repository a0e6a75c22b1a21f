package io.tributary.manifests;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML reader that refuses what the model classes do not know. The fabric8 and Strimzi models
 * keep unknown fields in an {@code additionalProperties} map (their any-setter), so a misspelt
 * {@code replica:} would load silently and be ignored by the cluster: here each bean's any-setter
 * is removed and unknown properties fail, naming the field and where it is.
 */
final class StrictYaml {
  private StrictYaml() {}

  static ObjectMapper mapper() {
    SimpleModule strict = new SimpleModule("strict-models");
    strict.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public BeanDeserializerBuilder updateBuilder(
              DeserializationConfig config,
              BeanDescription description,
              BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            builder.setIgnoreUnknownProperties(false);
            return builder;
          }
        });
    return new ObjectMapper(new YAMLFactory())
        .registerModule(strict)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }
}
