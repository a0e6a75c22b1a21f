package io.tributary.source.spi.validate;

/**
 * Where a source table's writes stood at one moment, as its kind can tell it: equal marks read
 * before and after a comparison mean nothing was written meanwhile (what a final validation needs
 * of a frozen source). Marks compare by value; they have no order.
 *
 * @param basis what the mark is read from (e.g. {@code change-log}, {@code file}, {@code
 *     pg_stat_user_tables})
 * @param value the reading, in words
 */
public record WriteMark(String basis, String value) implements SourceFingerprint {
  @Override
  public String toString() {
    return basis + ":" + value;
  }
}
