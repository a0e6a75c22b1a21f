package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.naming.Identifiers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TypedKeyCodecTest {
  private static Connection sqlite;

  @BeforeAll
  static void open() throws Exception {
    sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
  }

  @AfterAll
  static void close() throws Exception {
    sqlite.close();
  }

  private static ColumnDef column(String name, int keyPosition) {
    return new ColumnDef(name, "", name, TargetType.TEXT, keyPosition, false);
  }

  /** Evaluates the triggers' key expression over the given values, in SQLite. */
  private static String keyInSqlite(Object... values) throws Exception {
    List<ColumnDef> key = new ArrayList<>();
    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < values.length; i++) {
      String name = "k\"" + i + " x";
      key.add(column(name, i + 1));
      select.append(i == 0 ? "" : ", ").append("? AS ").append(Identifiers.quote(name));
    }
    String sql =
        "SELECT "
            + ChangeLogStatementBuilder.keyExpression("NEW", key)
            + " FROM ("
            + select
            + ") AS NEW";
    try (PreparedStatement st = sqlite.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        st.setObject(i + 1, values[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Test
  @DisplayName(
      "Keys written by the triggers' SQL decode to the same values of the same storage class")
  void triggerKeysRoundTrip() throws Exception {
    byte[] blob = {0, 1, (byte) 0xff, 0x7f, (byte) 0x80};
    assertThat(keyInSqlite(42L)).isEqualTo("[[\"i\",42]]");
    assertThat(keyInSqlite(blob)).isEqualTo("[[\"x\",\"0001FF7F80\"]]");
    List<Object> composite =
        TypedKeyCodec.decode(
            keyInSqlite(
                Long.MIN_VALUE, "it's \"quoted\" \\ ünïcode ☃ \n tab\t", blob, 2.5, null, ""));
    assertThat(composite.get(0)).isEqualTo(Long.MIN_VALUE);
    assertThat(composite.get(1)).isEqualTo("it's \"quoted\" \\ ünïcode ☃ \n tab\t");
    assertThat((byte[]) composite.get(2)).isEqualTo(blob);
    assertThat(composite.get(3)).isEqualTo(2.5);
    assertThat(composite.get(4)).isNull();
    assertThat(composite.get(5)).isEqualTo("");
    assertThat(TypedKeyCodec.decode(keyInSqlite(Long.MAX_VALUE))).containsExactly(Long.MAX_VALUE);
    assertThat(TypedKeyCodec.decode(keyInSqlite("42"))).containsExactly("42");
  }

  @Test
  @DisplayName("Real keys survive the trip through SQLite text exactly, for any double")
  void realKeysAreExact() throws Exception {
    Random random = new Random(7);
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.1 + 0.2,
                -0.0,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                1e-300,
                1.7e9 + 0.123,
                2460000.5,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY));
    for (int i = 0; i < 2000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (!Double.isNaN(d)) {
        values.add(d);
      }
    }
    for (double d : values) {
      Object back = TypedKeyCodec.decode(keyInSqlite(d)).get(0);
      assertThat(back).as("real %s", d).isInstanceOf(Double.class);
      assertThat(((Double) back).doubleValue()).as("real %s", d).isEqualTo(d);
    }
  }

  @Test
  @DisplayName("Snapshot positions keep their format, and blobs may be base64 or hex")
  void snapshotPositions() {
    byte[] blob = "ab".getBytes(StandardCharsets.UTF_8);
    String encoded = TypedKeyCodec.encode(Arrays.asList(1, 7L, "x", 2.5, null, blob));
    assertThat(encoded)
        .isEqualTo("[[\"i\",1],[\"i\",7],[\"s\",\"x\"],[\"r\",2.5],[\"n\"],[\"b\",\"YWI=\"]]");
    List<Object> back = TypedKeyCodec.decode(encoded);
    assertThat(back.subList(0, 5)).containsExactly(1L, 7L, "x", 2.5, null);
    assertThat((byte[]) back.get(5)).isEqualTo(blob);
    assertThat((byte[]) TypedKeyCodec.decode("[[\"x\",\"6162\"]]").get(0)).isEqualTo(blob);
    assertThatThrownBy(() -> TypedKeyCodec.decode("[[\"q\",1]]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TypedKeyCodec.decode("{}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("Values are the same only with the same storage class and value")
  void sameValue() {
    assertThat(TypedKeyCodec.sameValue(1, 1L)).isTrue();
    assertThat(TypedKeyCodec.sameValue(1L, 1.0)).isFalse();
    assertThat(TypedKeyCodec.sameValue("abc", "ABC")).isFalse();
    assertThat(TypedKeyCodec.sameValue(new byte[] {1}, new byte[] {1})).isTrue();
    assertThat(TypedKeyCodec.sameValue(null, null)).isTrue();
    assertThat(TypedKeyCodec.sameValue(null, 0L)).isFalse();
  }
}
