package io.tributary.source.spi.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The source offsets a capture's engine stored for one source, as cdc-service reads them back. */
public interface StoredOffsets {

  /** The stored offsets' values of a source; empty when none is stored. */
  List<JsonNode> of(String migration, String source);
}
