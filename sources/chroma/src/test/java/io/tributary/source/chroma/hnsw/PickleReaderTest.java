package io.tributary.source.chroma.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickleReaderTest {

  /** Builds a pickle opcode by opcode. */
  private static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes op(int... codes) {
      for (int c : codes) {
        out.write(c);
      }
      return this;
    }

    Bytes le(long value, int n) {
      for (int i = 0; i < n; i++) {
        out.write((int) (value >>> (8 * i)) & 0xff);
      }
      return this;
    }

    /** SHORT_BINUNICODE + MEMOIZE. */
    Bytes shortStr(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op(0x8c, b.length);
      out.writeBytes(b);
      return op(0x94);
    }

    /** BINUNICODE (serde-pickle's strings). */
    Bytes binStr(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op('X').le(b.length, 4);
      out.writeBytes(b);
      return this;
    }

    Bytes raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** A protocol-5 PersistentData pickle as Python 0.6 writes it: one frame, memo references. */
  private static byte[] protocol5() {
    Bytes body = new Bytes();
    body.shortStr("chromadb.segment.impl.vector.local_persistent_hnsw") // memo 0
        .shortStr("PersistentData") // 1
        .op(0x93, 0x94) // STACK_GLOBAL, memo 2
        .op(')', 0x81, 0x94) // EMPTY_TUPLE, NEWOBJ, memo 3
        .op('}', 0x94, '(') // state dict, memo 4, MARK
        .shortStr("dimensionality") // 5
        .op('K', 3)
        .shortStr("total_elements_added") // 6
        .op('M')
        .le(300, 2)
        .shortStr("id_to_label") // 7
        .op('}', 0x94, '(') // 8
        .shortStr("a") // 9
        .op('K', 1)
        .shortStr("b") // 10
        .op('K', 2)
        .op('u')
        .shortStr("label_to_id") // 11
        .op('}', 0x94, '(') // 12
        .op('K', 1, 'h', 9) // BINGET "a"
        .op('K', 2, 'j')
        .le(10, 4) // LONG_BINGET "b"
        .op('u')
        .shortStr("id_to_seq_id") // 13
        .op('}', 0x94, '(') // 14
        .op('h', 9, 0x8a, 5)
        .le(0x80000000L, 5) // LONG1 2^31
        .op('h', 10, 'J')
        .le(-1, 4) // BININT -1
        .op('u')
        .op('u', 'b', '.'); // SETITEMS, BUILD, STOP
    byte[] frame = body.bytes();
    return new Bytes().op(0x80, 5, 0x95).le(frame.length, 8).raw(frame).bytes();
  }

  @Test
  void protocol5PersistentDataIsItsStateWithMemoReferencesResolved() throws Exception {
    Object value = PickleReader.parse(protocol5());

    assertThat(value).isInstanceOf(LinkedHashMap.class);
    Map<?, ?> state = (Map<?, ?>) value;
    assertThat(new ArrayList<Object>(state.keySet()))
        .containsExactly(
            "dimensionality", "total_elements_added", "id_to_label", "label_to_id", "id_to_seq_id");
    assertThat(state.get("dimensionality")).isEqualTo(3L);
    assertThat(state.get("total_elements_added")).isEqualTo(300L);
    assertThat(state.get("id_to_label")).isEqualTo(Map.of("a", 1L, "b", 2L));
    assertThat(state.get("label_to_id")).isEqualTo(Map.of(1L, "a", 2L, "b"));
    assertThat(state.get("id_to_seq_id")).isEqualTo(Map.of("a", 2147483648L, "b", -1L));
  }

  @Test
  void protocol3PlainDictAsSerdePickleWritesIt() throws Exception {
    byte[] pickle =
        new Bytes()
            .op(0x80, 3, '}', '(')
            .binStr("dimensionality")
            .op('N')
            .binStr("total_elements_added")
            .op('J')
            .le(2, 4)
            .binStr("max_seq_id")
            .op(0x8a, 9)
            .le(1L << 40, 8)
            .op(0)
            .binStr("id_to_label")
            .op('}', '(')
            .binStr("x")
            .op('J')
            .le(1, 4)
            .binStr("y")
            .op(0x8a, 5)
            .le(0x80000001L, 4)
            .op(0)
            .op('u')
            .binStr("label_to_id")
            .op('}', '(')
            .op('J')
            .le(1, 4)
            .binStr("x")
            .op('u', '(', 'u') // an empty batch, as after exactly 1000 pairs
            .binStr("id_to_seq_id")
            .op('}')
            .op('u', '.')
            .bytes();

    Map<?, ?> state = (Map<?, ?>) PickleReader.parse(pickle);

    assertThat(state.get("dimensionality")).isNull();
    assertThat(state.containsKey("dimensionality")).isTrue();
    assertThat(state.get("total_elements_added")).isEqualTo(2L);
    assertThat(state.get("max_seq_id")).isEqualTo(1L << 40);
    assertThat(state.get("id_to_label")).isEqualTo(Map.of("x", 1L, "y", 0x80000001L));
    assertThat(state.get("label_to_id")).isEqualTo(Map.of(1L, "x"));
    assertThat(state.get("id_to_seq_id")).isEqualTo(Map.of());
  }

  @Test
  void otherSupportedOpcodes() throws Exception {
    byte[] twoToThe64 = new byte[9];
    twoToThe64[8] = 0x01; // little-endian 2^64: does not fit a long
    byte[] pickle =
        new Bytes()
            .op(0x80, 2)
            .op(']', 'q', 0, '(') // EMPTY_LIST, BINPUT 0, MARK
            .op('c')
            .raw("mod\nName\n".getBytes(StandardCharsets.US_ASCII)) // GLOBAL
            .op('q', 1) // BINPUT 1
            .op(')', 0x81) // NEWOBJ, never built: an empty dict
            .op(0x88, 0x89, 'N') // True, False, None
            .op('G')
            .raw(new byte[] {0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0}) // BINFLOAT 1.5 (big-endian)
            .op('K', 1, 'K', 2, 0x86) // TUPLE2
            .op('K', 3, 0x85) // TUPLE1
            .op('(', 'K', 4, 'K', 5, 'K', 6, 't') // MARK … TUPLE
            .op('K', 7, 'K', 8, 'K', 9, 0x87) // TUPLE3
            .op(0x8b)
            .le(9, 4)
            .raw(twoToThe64) // LONG4
            .op(0x8d)
            .le(2, 8)
            .raw("é".getBytes(StandardCharsets.UTF_8)) // BINUNICODE8
            .op('M')
            .le(0x1234, 2) // BININT2
            .op('}', 'K', 1, 'K', 2, 's') // EMPTY_DICT, SETITEM
            .op('h', 1) // BINGET: the class reference
            .binStr("s")
            .op('r')
            .le(5, 4) // LONG_BINPUT 5
            .op('j')
            .le(5, 4) // LONG_BINGET 5
            .op('e', ']', 'K', 1, 'a', 'a', '.') // APPENDS, then APPEND of [1]
            .bytes();

    List<Object> list = new ArrayList<>((List<?>) PickleReader.parse(pickle));

    assertThat(list)
        .containsExactly(
            Map.of(),
            true,
            false,
            null,
            1.5,
            List.of(1L, 2L),
            List.of(3L),
            List.of(4L, 5L, 6L),
            List.of(7L, 8L, 9L),
            BigInteger.ONE.shiftLeft(64),
            "é",
            0x1234L,
            Map.of(1L, 2L),
            new PickleReader.Global("mod", "Name"),
            "s",
            "s",
            List.of(1L));
  }

  @Test
  void stackUnderflowIsRefused() {
    assertThatThrownBy(() -> PickleReader.parse(new byte[] {(byte) 0x80, 2, 'K', 1, (byte) 0x87}))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageContaining("opcode 0x87 at byte offset 4");
    assertThatThrownBy(() -> PickleReader.parse(new byte[] {(byte) 0x80, 2, 'h', 3, '.'}))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageContaining("memo entry 3 was never stored");
  }

  @Test
  void truncatedStreamIsRefusedNamingOpcodeAndOffset() {
    byte[] whole = protocol5();
    byte[] cut = Arrays.copyOf(whole, 40); // inside the module name's SHORT_BINUNICODE

    assertThatThrownBy(() -> PickleReader.parse(cut))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageContaining("opcode 0x95") // the frame announces more bytes than remain
        .hasMessageContaining("byte offset 2")
        .hasMessageContaining("truncated");

    // without the frame header the cut lands inside the string
    byte[] noFrame = new Bytes().op(0x80, 5).raw(Arrays.copyOfRange(whole, 11, 40)).bytes();
    assertThatThrownBy(() -> PickleReader.parse(noFrame))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageContaining("opcode 0x8c at byte offset 2")
        .hasMessageContaining("truncated");

    byte[] body = Arrays.copyOfRange(whole, 11, whole.length - 1); // without STOP
    byte[] noStop = new Bytes().op(0x80, 5, 0x95).le(body.length, 8).raw(body).bytes();
    assertThatThrownBy(() -> PickleReader.parse(noStop))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageContaining("without a STOP opcode");
  }

  @Test
  void unknownOpcodeIsRefusedNamingItAndItsOffset() {
    byte[] reduce = new Bytes().op(0x80, 5, 'N', ')', 'R', '.').bytes();

    assertThatThrownBy(() -> PickleReader.parse(reduce))
        .isInstanceOf(HnswFormatException.class)
        .hasMessage("unsupported opcode 0x52 ('R') at byte offset 4");
  }

  @Test
  void errorsOfAFileNameIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("index_metadata.pickle");
    Files.write(file, new byte[] {(byte) 0x80, 4, 'I', '1', '\n', '.'}); // INT: not supported

    assertThatThrownBy(() -> PickleReader.read(file))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageStartingWith(file + ": unsupported opcode 0x49 ('I') at byte offset 2")
        .satisfies(e -> assertThat(((HnswFormatException) e).file()).contains(file));
  }

  @Test
  void unsupportedProtocolIsRefused() {
    assertThatThrownBy(() -> PickleReader.parse(new byte[] {(byte) 0x80, 6, 'N', '.'}))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageContaining("protocol 6");
  }
}
