package io.tributary.source.postgres.capture.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inserts a {@code pgoutput} slot holds, read without consuming them ({@code
 * pg_logical_slot_peek_binary_changes}, protocol 1): what a capture streaming from the slot's
 * confirmed position receives. Only the first column of each inserted row is kept (as text).
 */
final class SlotInserts {
  private SlotInserts() {}

  /** The first column of each insert, by the relation's oid, in the slot's order. */
  static Map<Long, List<String>> firstColumns(Connection jdbc, String slot, String publication)
      throws SQLException {
    Map<Long, List<String>> inserts = new HashMap<>();
    try (PreparedStatement st =
        jdbc.prepareStatement(
            "SELECT data FROM pg_logical_slot_peek_binary_changes(?, NULL, NULL,"
                + " 'proto_version', '1', 'publication_names', ?)")) {
      st.setString(1, slot);
      st.setString(2, publication);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ByteBuffer message = ByteBuffer.wrap(rs.getBytes(1));
          if (message.get() != 'I') {
            continue; // begin, commit, relation, ...
          }
          long relation = Integer.toUnsignedLong(message.getInt());
          message.get(); // 'N': a new tuple
          message.getShort(); // its columns
          inserts.computeIfAbsent(relation, r -> new ArrayList<>()).add(firstValue(message));
        }
      }
    }
    return inserts;
  }

  private static String firstValue(ByteBuffer tuple) {
    byte kind = tuple.get();
    if (kind != 't') {
      return null; // 'n' NULL, 'u' unchanged TOAST
    }
    byte[] text = new byte[tuple.getInt()];
    tuple.get(text);
    return new String(text, StandardCharsets.UTF_8);
  }
}
