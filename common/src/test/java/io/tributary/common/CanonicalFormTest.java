package io.tributary.common;

import static io.tributary.common.ValueDecodeTest.array;
import static io.tributary.common.ValueDecodeTest.col;
import static io.tributary.common.ValueDecodeTest.decode;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.common.value.TableChecksum;
import io.tributary.common.value.ValueCodec;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A source row and its target row hash the same whatever engine held them, and rows that differ in
 * any value do not.
 */
class CanonicalFormTest {

  private static String sum(Object... values) {
    TableChecksum checksum = new TableChecksum();
    checksum.add(Arrays.asList(values));
    return checksum.hex();
  }

  private static Object value(String json, ColumnDef column) throws Exception {
    return decode(json, column);
  }

  @Test
  void textLengthsCountCodePointsAsPostgresLengthDoes() {
    assertThat(RowCanonicalizer.canonicalValue("plain")).isEqualTo("T5:plain;");
    assertThat(RowCanonicalizer.canonicalValue("Zoë 日本")).isEqualTo("T6:Zoë 日本;");
    // beyond the BMP: one code point (two UTF-16 units in Java)
    assertThat(RowCanonicalizer.canonicalValue("🎁🎁 x")).isEqualTo("T4:🎁🎁 x;");
    assertThat(RowCanonicalizer.canonicalValue("")).isEqualTo("T0:;");
  }

  @Test
  void jsonbKeyOrderAndSpacingDoNotMatter() throws Exception {
    ColumnDef jsonb = col(TargetType.JSONB);
    Object a =
        value("\"{\\\"b\\\": [1, 2.50], \\\"a\\\": {\\\"y\\\": null, \\\"x\\\": true}}\"", jsonb);
    Object b = value("{\"a\":{\"x\":true,\"y\":null},\"b\":[1.0,2.5]}", jsonb);
    assertThat(sum(1L, a)).isEqualTo(sum(1L, b));
    Object c = value("{\"a\":{\"x\":true,\"y\":null},\"b\":[2.5,1]}", jsonb);
    assertThat(sum(1L, a)).isNotEqualTo(sum(1L, c));
    Object string = value("\"\\\"1\\\"\"", jsonb);
    Object number = value("1", jsonb);
    assertThat(sum(string)).isNotEqualTo(sum(number));
  }

  @Test
  void oneVectorComponentChangedIsADifferentRow() throws Exception {
    ColumnDef v3 = col(TargetType.VECTOR, "vector(3)");
    Object a = value("[0.1, 0.2, 0.3]", v3);
    Object same = value("\"[0.1,0.2,0.3]\"", v3);
    Object asDoublesOfTheFloats =
        value("[0.10000000149011612, 0.20000000298023224, 0.30000001192092896]", v3);
    Object b = value("[0.1, 0.2, 0.30000004]", v3); // the next float32 after 0.3
    assertThat(sum(a)).isEqualTo(sum(same)).isEqualTo(sum(asDoublesOfTheFloats));
    assertThat(sum(a)).isNotEqualTo(sum(b));
    // a SQLite BLOB's float32 values, decoded as the validator decodes a source row
    Object fromBlob = ValueCodec.fromSource(new float[] {0.1f, 0.2f, 0.3f}, v3);
    assertThat(sum(fromBlob)).isEqualTo(sum(a));
    // -0.0 equals 0.0, as PostgreSQL compares them
    assertThat(sum(value("[-0.0, 1, 2]", v3))).isEqualTo(sum(value("[0, 1, 2]", v3)));
    assertThat(RowCanonicalizer.canonical(List.of(new float[] {1.0f, -2.5f})))
        .isEqualTo("V16:3f800000c0200000;");
    assertThat(RowCanonicalizer.canonical(List.of(new float[] {-0.0f, 0.0f, 1e-45f}, "x")))
        .as("-0.0 as 0.0; the smallest subnormal; what follows the vector")
        .isEqualTo("V24:000000000000000000000001;T1:x;");
  }

  @Test
  void timestamptzIsTheInstantWhateverTheOffset() throws Exception {
    ColumnDef tz = col(TargetType.TIMESTAMPTZ);
    Object plus2 = value("\"2024-06-01T12:00:00.5+02:00\"", tz);
    Object zulu = value("\"2024-06-01T10:00:00.500000Z\"", tz);
    Object oneMicroLater = value("\"2024-06-01T10:00:00.500001Z\"", tz);
    assertThat(sum(plus2)).isEqualTo(sum(zulu));
    assertThat(sum(plus2)).isNotEqualTo(sum(oneMicroLater));
    assertThat(
            RowCanonicalizer.canonical(
                List.of(OffsetDateTime.parse("2024-06-01T12:00:00.5+02:00"))))
        .isEqualTo(RowCanonicalizer.canonical(List.of(zulu)));
    ColumnDef ts = col(TargetType.TIMESTAMP);
    assertThat(sum(value("\"2024-06-01 10:00:00\"", ts)))
        .isEqualTo(sum(value("\"2024-06-01T10:00\"", ts)))
        .isNotEqualTo(sum(value("\"2024-06-01T10:00:00Z\"", tz)));
  }

  @Test
  void nullEmptyAndNullElementsAreAllDifferent() throws Exception {
    ColumnDef texts = array(TargetType.TEXT, "text[]");
    List<String> seen = new ArrayList<>();
    seen.add(sum((Object) null));
    seen.add(sum(value("[]", texts)));
    seen.add(sum(value("[null]", texts)));
    seen.add(sum(value("[\"\"]", texts)));
    seen.add(sum(""));
    seen.add(sum(value("[null, null]", texts)));
    seen.add(sum(value("[[null]]", texts)));
    seen.add(sum(value("[\"NULL\"]", texts)));
    assertThat(seen).doesNotHaveDuplicates();
  }

  @Test
  void numbersCompareByValueWithinTheirType() throws Exception {
    assertThat(sum((short) 7)).isEqualTo(sum(7)).isEqualTo(sum(7L));
    assertThat(sum(value("\"12.50\"", col(TargetType.NUMERIC))))
        .isEqualTo(sum(value("12.5", col(TargetType.NUMERIC))));
    assertThat(sum(value("\"NaN\"", col(TargetType.NUMERIC))))
        .isNotEqualTo(sum(value("0", col(TargetType.NUMERIC))));
    assertThat(sum(0.1f)).isNotEqualTo(sum(0.1d));
    assertThat(sum(-0.0f)).isEqualTo(sum(0.0f));
  }

  @Test
  void otherTypesKeepTheirDistinctions() throws Exception {
    assertThat(sum(value("true", col(TargetType.BOOLEAN)))).isNotEqualTo(sum("t"));
    assertThat(sum(value("\"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11\"", col(TargetType.UUID))))
        .isEqualTo(sum(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
    ColumnDef s = col(TargetType.SPARSEVEC, "sparsevec(5)");
    assertThat(sum(value("\"{3:2,1:0.5}/5\"", s)))
        .isEqualTo(sum(value("\"{1:0.5,3:2,5:0}/5\"", s)));
    assertThat(sum(value("\"{1:0.5}/5\"", s)))
        .isNotEqualTo(sum(value("\"{1:0.5}/6\"", col(TargetType.SPARSEVEC))));
    assertThat(sum(value("\"2024-01-31\"", col(TargetType.DATE))))
        .isNotEqualTo(sum(value("\"infinity\"", col(TargetType.DATE))));
  }
}
