package io.tributary.source.sqlite.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqliteColumnFormTest {
  private static final UUID ID = UUID.fromString("0e5c1f0a-8b7d-4c3e-9f21-a1b2c3d4e5f6");

  private static ColumnDef column(String declared, TargetType type) {
    return new ColumnDef("c", declared, "c", type, 0, true, null, null, null);
  }

  @Test
  @DisplayName("Booleans: 1/0, or the words and letter case the column holds")
  void booleans() {
    ColumnDef flag = column("BOOLEAN", TargetType.BOOLEAN);
    assertThat(SqliteColumnForm.detect(flag, List.of(1L)).trueText()).isNull();
    SqliteColumnForm words = SqliteColumnForm.detect(flag, List.of("False", "True"));
    assertThat(words.trueText()).isEqualTo("True");
    assertThat(words.falseText()).isEqualTo("False");
    SqliteColumnForm letters = SqliteColumnForm.detect(flag, List.of("T"));
    assertThat(List.of(letters.trueText(), letters.falseText())).containsExactly("T", "F");
    assertThat(SqliteColumnForm.detect(flag, List.of("no")).trueText()).isEqualTo("yes");
    assertThat(SqliteColumnForm.unsampled(flag).trueText()).isNull();
  }

  @Test
  @DisplayName("Uuids: text in the column's case, braces and dashes, or 16-byte BLOBs")
  void uuids() {
    ColumnDef id = column("TEXT", TargetType.UUID);
    assertThat(
            SqliteColumnForm.detect(id, List.of("0E5C1F0A-8B7D-4C3E-9F21-A1B2C3D4E5F6"))
                .uuid()
                .write(ID))
        .isEqualTo("0E5C1F0A-8B7D-4C3E-9F21-A1B2C3D4E5F6");
    assertThat(
            SqliteColumnForm.detect(id, List.of("{0e5c1f0a-8b7d-4c3e-9f21-a1b2c3d4e5f6}"))
                .uuid()
                .write(ID))
        .isEqualTo("{0e5c1f0a-8b7d-4c3e-9f21-a1b2c3d4e5f6}");
    assertThat(
            SqliteColumnForm.detect(id, List.of("0e5c1f0a8b7d4c3e9f21a1b2c3d4e5f6"))
                .uuid()
                .write(ID))
        .isEqualTo("0e5c1f0a8b7d4c3e9f21a1b2c3d4e5f6");
    assertThat(SqliteColumnForm.detect(id, List.of(new byte[16])).uuid().write(ID))
        .isInstanceOf(byte[].class);
    assertThat(SqliteColumnForm.unsampled(id).uuid().write(ID)).isEqualTo(ID.toString());
  }

  @Test
  @DisplayName(
      "Vectors: BLOBs or JSON text as the column holds them; with nothing to sample, BLOBs where"
          + " the declared type gives BLOB affinity")
  void vectors() {
    ColumnDef blob =
        new ColumnDef("v", "BLOB", "v", TargetType.VECTOR, 0, true, "vector(2)", null, null);
    ColumnDef text =
        new ColumnDef("v", "TEXT", "v", TargetType.VECTOR, 0, true, "vector(2)", null, null);
    assertThat(SqliteColumnForm.detect(text, List.of(new byte[8])).vectorBlobs()).isTrue();
    assertThat(SqliteColumnForm.detect(blob, List.of("[1,2]")).vectorBlobs()).isFalse();
    assertThat(SqliteColumnForm.unsampled(blob).vectorBlobs()).isTrue();
    assertThat(SqliteColumnForm.unsampled(text).vectorBlobs()).isFalse();
  }

  @Test
  @DisplayName(
      "Numbers held as text stay text; an untyped column holding numbers gets numbers back")
  void numbers() {
    assertThat(
            SqliteColumnForm.detect(column("DECIMAL", TargetType.NUMERIC), List.of("12.50"))
                .numbersAsText())
        .isTrue();
    assertThat(
            SqliteColumnForm.detect(column("DECIMAL", TargetType.NUMERIC), List.of("12.50", 3L))
                .numbersAsText())
        .isFalse();
    assertThat(SqliteColumnForm.detect(column("", TargetType.TEXT), List.of("a", 3L)).textNumbers())
        .isTrue();
    assertThat(SqliteColumnForm.detect(column("TEXT", TargetType.TEXT), List.of(3L)).textNumbers())
        .isFalse();
  }
}
