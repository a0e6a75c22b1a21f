package io.tributary.common.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The operation of a change event, spelled as in Debezium's envelope. */
public enum Op {
  /** A row read by a snapshot. */
  READ("r"),
  CREATE("c"),
  UPDATE("u"),
  DELETE("d");

  private final String code;

  Op(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }

  /** Parses {@code r}, {@code c}, {@code u} or {@code d}. */
  @JsonCreator
  public static Op fromCode(String code) {
    for (Op op : values()) {
      if (op.code.equals(code)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown op '" + code + "'; expected r, c, u or d");
  }
}
