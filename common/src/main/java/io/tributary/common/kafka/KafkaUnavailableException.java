package io.tributary.common.kafka;

/** Kafka did not answer in time, or answered with an error. */
public class KafkaUnavailableException extends RuntimeException {
  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
