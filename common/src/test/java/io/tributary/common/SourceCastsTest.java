package io.tributary.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.JsonText;
import io.tributary.common.value.SourceCasts;
import io.tributary.common.value.Uuid5;
import io.tributary.common.value.ValueCastException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The casting rules with the dirty values real SQLite files hold. */
class SourceCastsTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final OffsetDateTime NOON =
      OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.UTC);

  private static ColumnDef column(TargetType type, String sql) {
    return new ColumnDef("c", "TEXT", "c", type, 0, true, sql, null, null);
  }

  private static Object decode(String text, ColumnDef column) {
    return SourceCasts.decode(JSON.textNode(text), column);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.000Z",
        "2024-01-15 10:30:00",
        "2024-01-15 10:30",
        "2024-01-15T12:30:00+02:00",
        "2024-01-15T05:30:00-0500",
        "2024-01-15 11:30:00 +01",
        "2024-01-15 10:30:00 UTC",
        "Mon, 15 Jan 2024 10:30:00 GMT",
        "1705314600",
        "1705314600000",
        "2460324.9375"
      })
  @DisplayName(
      "Timestamps in ISO, SQLite, RFC 1123, epoch-second, epoch-millisecond and Julian-day form")
  void timestampsInEveryCommonForm(String text) {
    ColumnDef tz = column(TargetType.TIMESTAMPTZ, null);
    assertThat(decode(text, tz)).isEqualTo(NOON);
  }

  @Test
  @DisplayName("Epoch numbers (not text) and fractions of a second")
  void epochNumbers() {
    ColumnDef tz = column(TargetType.TIMESTAMPTZ, null);
    assertThat(SourceCasts.decode(JSON.numberNode(1705314600L), tz)).isEqualTo(NOON);
    assertThat(SourceCasts.decode(JSON.numberNode(1705314600123L), tz))
        .isEqualTo(NOON.plusNanos(123_000_000));
    assertThat(decode("2024-01-15 10:30:00.123456", tz)).isEqualTo(NOON.plusNanos(123_456_000));
    // a timestamp without time zone gets the UTC wall time; a date the day
    assertThat(decode("2024-01-15T12:30:00+02:00", column(TargetType.TIMESTAMP, null)))
        .isEqualTo(NOON.toLocalDateTime());
    assertThat(decode("2024-01-15", column(TargetType.DATE, null))).isEqualTo(NOON.toLocalDate());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "01/02/2024|ambiguous",
        "15.01.2024 10:30|ambiguous",
        "yesterday|not a timestamptz",
        "2024-13-45 10:00:00|not a valid date",
        "2024-01-15T25:00:00Z|not a valid date",
        "Mon, 45 Jan 2024 10:30:00 GMT|not an RFC 1123 date",
        "99999999999999999999|out of range"
      })
  @DisplayName("Unparseable timestamps are refused with the reason")
  void badTimestamps(String text, String reason) {
    assertThatThrownBy(() -> decode(text, column(TargetType.TIMESTAMPTZ, null)))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining(reason);
  }

  @Test
  @DisplayName("JSON text becomes jsonb; malformed and truncated JSON is refused")
  void json() {
    ColumnDef jsonb = column(TargetType.JSONB, null);
    assertThat(decode("[\"search\", \"code\"]", jsonb))
        .isEqualTo(JsonText.parse("[\"search\",\"code\"]"));
    assertThatThrownBy(() -> decode("{'single': 'quotes'}", jsonb))
        .isInstanceOf(ValueCastException.class);
    assertThatThrownBy(() -> decode("{\"a\": [1, 2", jsonb)).isInstanceOf(ValueCastException.class);
    assertThatThrownBy(() -> decode("search, code", jsonb)).isInstanceOf(ValueCastException.class);
  }

  @Test
  @DisplayName("UUIDs in any case or braces are kept; ids that are not UUIDs are refused")
  void uuids() {
    ColumnDef uuid = column(TargetType.UUID, null);
    UUID id = UUID.fromString("0b3f6d2e-8a55-4c1e-9f2a-1c2d3e4f5a6b");
    assertThat(decode("0B3F6D2E-8A55-4C1E-9F2A-1C2D3E4F5A6B", uuid)).isEqualTo(id);
    assertThat(decode("{0b3f6d2e-8a55-4c1e-9f2a-1c2d3e4f5a6b}", uuid)).isEqualTo(id);
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    assertThat(SourceCasts.decode(binary(b.array()), uuid)).isEqualTo(id);
    assertThatThrownBy(() -> decode("agent-001", uuid))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("agent-001");
    assertThatThrownBy(() -> SourceCasts.decode(binary(new byte[5]), uuid))
        .hasMessageContaining("5 bytes");
  }

  @Test
  @DisplayName("uuid5 remaps a key and every reference to it to the same UUID; case matters")
  void uuid5Remapping() {
    UUID agents = Uuid5.tableNamespace("ai-pa", "agent-platform", "agents");
    ColumnDef key =
        new ColumnDef("id", "TEXT", "id", TargetType.UUID, 1, false).withRules("id", null, agents);
    ColumnDef reference =
        new ColumnDef("assigned_agent_id", "TEXT", "assigned_agent_id", TargetType.UUID, 0, true)
            .withRules("assigned_agent_id", null, agents);
    Object fromKey = decode("agent-001", key);
    assertThat(decode("agent-001", reference)).isEqualTo(fromKey);
    assertThat(fromKey).isEqualTo(Uuid5.of(agents, "agent-001"));
    assertThat(((UUID) fromKey).version()).isEqualTo(5);
    // SQLite compares text keys exactly: 'AGENT-001' is another key, and a reference spelled so
    // points at no agent (the foreign key refuses it in the target)
    assertThat(decode("AGENT-001", reference)).isNotEqualTo(fromKey);
    // integer keys remap by their decimal text
    assertThat(SourceCasts.decode(JSON.numberNode(42), key)).isEqualTo(Uuid5.of(agents, "42"));
    // another table's namespace gives other UUIDs for the same old key
    assertThat(Uuid5.of(Uuid5.tableNamespace("ai-pa", "agent-platform", "tasks"), "agent-001"))
        .isNotEqualTo(fromKey);
    // RFC 9562's example: uuid5(NAMESPACE_DNS, "www.example.com")
    assertThat(Uuid5.of(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
  }

  @Test
  @DisplayName(
      "Numbers stored as text go into numeric columns; an integer column refuses fractions")
  void numbersAsText() {
    assertThat(decode(" 42 ", column(TargetType.BIGINT, null))).isEqualTo(42L);
    assertThat(decode("42.000", column(TargetType.INTEGER, null))).isEqualTo(42);
    assertThat(decode("3.5e2", column(TargetType.DOUBLE, null))).isEqualTo(350.0);
    assertThat(decode("19.99", column(TargetType.NUMERIC, "numeric(10,2)")))
        .isEqualTo(new BigDecimal("19.99"));
    assertThatThrownBy(() -> decode("42.5", column(TargetType.BIGINT, null)))
        .hasMessageContaining("not an integer");
    assertThatThrownBy(() -> decode("forty-two", column(TargetType.BIGINT, null)))
        .hasMessageContaining("not an integer");
    assertThatThrownBy(() -> decode("1,5", column(TargetType.DOUBLE, null)))
        .hasMessageContaining("not a real number");
  }

  @Test
  @DisplayName("Text with a NUL byte is refused; JSON with an escaped NUL too")
  void nulBytes() {
    assertThatThrownBy(() -> decode("abc\0def", column(TargetType.TEXT, null)))
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> decode("{\"a\":\"x\\u0000y\"}", column(TargetType.JSONB, null)))
        .isInstanceOf(ValueCastException.class);
  }

  @Test
  @DisplayName("Float32 BLOBs become vectors; a wrong length is refused")
  void vectors() {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1f).putFloat(-2.5f).putFloat(0.125f);
    ColumnDef vector3 = column(TargetType.VECTOR, "vector(3)");
    assertThat((float[]) SourceCasts.decode(binary(b.array()), vector3))
        .containsExactly(1f, -2.5f, 0.125f);
    assertThatThrownBy(() -> SourceCasts.decode(binary(new byte[10]), vector3))
        .hasMessageContaining("not a multiple of 4");
    assertThatThrownBy(() -> SourceCasts.decode(binary(new byte[16]), vector3))
        .isInstanceOf(ValueCastException.class)
        .hasMessageContaining("3");
  }

  @Test
  @DisplayName("invalid: null turns a bad value into NULL, except in a key column")
  void nullPolicy() {
    ColumnDef lenient =
        column(TargetType.TIMESTAMPTZ, null).withRules("c", InvalidPolicy.NULL, null);
    assertThat(decode("not a date", lenient)).isNull();
    ColumnDef key =
        new ColumnDef("id", "TEXT", "id", TargetType.UUID, 1, false)
            .withRules("id", InvalidPolicy.NULL, null);
    assertThatThrownBy(() -> decode("agent-001", key)).isInstanceOf(ValueCastException.class);
  }

  @Test
  @DisplayName("Canonical envelope values (PostgreSQL sources) pass unchanged")
  void canonicalValuesPassUnchanged() {
    assertThat(decode("2024-01-15T10:30:00.123456Z", column(TargetType.TIMESTAMPTZ, null)))
        .isEqualTo(NOON.plusNanos(123_456_000));
    assertThat(decode("infinity", column(TargetType.TIMESTAMPTZ, null)))
        .isEqualTo(OffsetDateTime.MAX);
    JsonNode vector = JSON.arrayNode().add(1.0).add(2.0);
    assertThat((float[]) SourceCasts.decode(vector, column(TargetType.VECTOR, "vector(2)")))
        .containsExactly(1f, 2f);
    assertThat(SourceCasts.decode(JSON.numberNode(7), column(TargetType.BIGINT, null)))
        .isEqualTo(7L);
  }

  private static JsonNode binary(byte[] bytes) {
    return JSON.objectNode().put("$binary", Base64.getEncoder().encodeToString(bytes));
  }
}
