package io.tributary.validator.continuous;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.value.TableChecksum;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationSource;
import java.util.List;

/**
 * The checksum of a source table with the rows apply rejected left out, as deep validation leaves
 * them out: the table's rows are read through its kind's {@link RowScanner} (which skips the open
 * rejects' keys) and summed as the target's rows are. Continuous validation of a table with rejects
 * compares this with the target's checksum, so a changed value there is found without a deep
 * validation. Reads the whole table once; blocking.
 */
final class RejectAwareChecksum {
  /**
   * What the read found.
   *
   * @param checksum the checksum of the rows apply did not reject (and that decode)
   * @param rows those rows
   * @param rejected rows left out because apply rejected them
   * @param undecodable rows left out because a value does not fit its target type, not rejected
   */
  record Read(String checksum, long rows, long rejected, long undecodable) {}

  private RejectAwareChecksum() {}

  static Read read(ValidationSource source, ValidatedTable table, RejectedKeys rejects) {
    TableChecksum sum = new TableChecksum();
    long[] left = new long[2];
    source
        .rowScanner(table, rejects)
        .scan(
            new RowScanner.RowSink() {
              @Override
              public void row(List<Object> values) {
                sum.add(values);
              }

              @Override
              public void undecodable(ObjectNode sourceKey, String reason) {
                left[1]++;
              }

              @Override
              public void rejected() {
                left[0]++;
              }
            });
    return new Read(sum.hex(), sum.rows(), left[0], left[1]);
  }
}
