package io.tributary.source.chroma.hnsw;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, safe unpickler for Chroma's {@code index_metadata.pickle}: the label ↔ id maps of an
 * HNSW vector segment. Chroma 0.5/0.6 (Python) write a {@code PersistentData} object with pickle
 * protocol 5 (protocol 4 for older files); Chroma 1.x (Rust, serde-pickle) rewrites it as a
 * protocol-3 plain dict. Both come out as the same value: the object's state dict.
 *
 * <p>It understands protocols 2 to 5 and only the opcodes those two writers use: PROTO, FRAME,
 * STOP, MARK, EMPTY_DICT/LIST/TUPLE, SETITEM(S), APPEND(S), NONE, NEWTRUE/NEWFALSE, BININT1/2,
 * BININT, LONG1/LONG4, BINFLOAT, SHORT_BINUNICODE/BINUNICODE/BINUNICODE8, MEMOIZE, BINPUT/
 * LONG_BINPUT, BINGET/LONG_BINGET, GLOBAL/STACK_GLOBAL, NEWOBJ, BUILD and TUPLE/TUPLE1/2/3. Python
 * values map to Java as: dict → {@link LinkedHashMap} ({@code Map<Object,Object>}), list → {@link
 * List}, tuple → unmodifiable {@link List}, int → {@link Long} ({@link BigInteger} when it does not
 * fit), str → {@link String}, float → {@link Double}, None → null, bool → {@link Boolean}, a class
 * reference → {@link Global}. An object built by NEWOBJ + BUILD with a dict state is that dict (the
 * class is not needed); an object that is never built is an empty dict.
 *
 * <p>Nothing is executed and no class is loaded: any other opcode (REDUCE, INST, persistent ids,
 * extension codes, byte strings…) or truncated input is a {@link HnswFormatException} naming the
 * opcode and its byte offset.
 */
public final class PickleReader {
  /** A class reference (GLOBAL / STACK_GLOBAL) that ended up as a value. */
  public record Global(String module, String name) {}

  /** An object made by NEWOBJ, until BUILD gives it its state. */
  private static final class PyObject {
    private final Global type;
    private Map<Object, Object> state;

    PyObject(Global type) {
      this.type = type;
    }
  }

  private static final int PROTO = 0x80;
  private static final int FRAME = 0x95;
  private static final int STOP = '.';
  private static final int MARK = '(';
  private static final int EMPTY_DICT = '}';
  private static final int EMPTY_LIST = ']';
  private static final int EMPTY_TUPLE = ')';
  private static final int SETITEM = 's';
  private static final int SETITEMS = 'u';
  private static final int APPEND = 'a';
  private static final int APPENDS = 'e';
  private static final int NONE = 'N';
  private static final int NEWTRUE = 0x88;
  private static final int NEWFALSE = 0x89;
  private static final int BININT1 = 'K';
  private static final int BININT2 = 'M';
  private static final int BININT = 'J';
  private static final int LONG1 = 0x8a;
  private static final int LONG4 = 0x8b;
  private static final int BINFLOAT = 'G';
  private static final int SHORT_BINUNICODE = 0x8c;
  private static final int BINUNICODE = 'X';
  private static final int BINUNICODE8 = 0x8d;
  private static final int MEMOIZE = 0x94;
  private static final int BINPUT = 'q';
  private static final int LONG_BINPUT = 'r';
  private static final int BINGET = 'h';
  private static final int LONG_BINGET = 'j';
  private static final int STACK_GLOBAL = 0x93;
  private static final int GLOBAL = 'c';
  private static final int NEWOBJ = 0x81;
  private static final int BUILD = 'b';
  private static final int TUPLE1 = 0x85;
  private static final int TUPLE2 = 0x86;
  private static final int TUPLE3 = 0x87;
  private static final int TUPLE = 't';

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final byte[] data;
  private final Path file;
  private int pos;

  /** Offset and code of the opcode being executed, for messages. */
  private int opOffset;

  private int opcode;
  private final List<Object> stack = new ArrayList<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();

  private PickleReader(byte[] data, Path file) {
    this.data = data;
    this.file = file;
  }

  /**
   * The value a pickle file holds.
   *
   * @throws HnswFormatException naming the file, the opcode and its offset when the pickle is not
   *     one this reader understands or is truncated
   */
  public static Object read(Path file) throws IOException {
    return new PickleReader(Files.readAllBytes(file), file).run();
  }

  /**
   * The value a pickle byte stream holds.
   *
   * @throws HnswFormatException naming the opcode and its offset when the pickle is not one this
   *     reader understands or is truncated
   */
  public static Object parse(byte[] pickle) throws HnswFormatException {
    return new PickleReader(pickle, null).run();
  }

  private Object run() throws HnswFormatException {
    while (true) {
      if (pos >= data.length) {
        opOffset = pos;
        throw error("truncated: the stream ends at byte " + pos + " without a STOP opcode");
      }
      opOffset = pos;
      opcode = data[pos++] & 0xff;
      switch (opcode) {
        case PROTO -> {
          int protocol = u8();
          if (protocol < 2 || protocol > 5) {
            throw opError("protocol " + protocol + " is not supported (2 to 5 are)");
          }
        }
        case FRAME -> {
          long length = u64();
          if (length < 0 || length > data.length - pos) {
            throw opError(
                "truncated: the frame announces "
                    + length
                    + " bytes, "
                    + (data.length - pos)
                    + " remain");
          }
        }
        case STOP -> {
          return finish();
        }
        case MARK -> marks.push(stack.size());
        case EMPTY_DICT -> push(new LinkedHashMap<>());
        case EMPTY_LIST -> push(new ArrayList<>());
        case EMPTY_TUPLE -> push(Collections.emptyList());
        case SETITEM -> {
          Object value = pop();
          Object key = pop();
          dict(peek()).put(key, value);
        }
        case SETITEMS -> {
          List<Object> items = popMark();
          if (items.size() % 2 != 0) {
            throw opError("an odd number of items (" + items.size() + ") after the MARK");
          }
          Map<Object, Object> dict = dict(peek());
          for (int i = 0; i < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
          }
        }
        case APPEND -> {
          Object value = pop();
          list(peek()).add(value);
        }
        case APPENDS -> {
          List<Object> items = popMark();
          list(peek()).addAll(items);
        }
        case NONE -> push(null);
        case NEWTRUE -> push(true);
        case NEWFALSE -> push(false);
        case BININT1 -> push((long) u8());
        case BININT2 -> push((long) (u8() | (u8() << 8)));
        case BININT -> push((long) i32());
        case LONG1 -> push(longOf(bytes(u8())));
        case LONG4 -> {
          int n = i32();
          if (n < 0) {
            throw opError("a negative length " + n);
          }
          push(longOf(bytes(n)));
        }
        case BINFLOAT -> push(ByteBuffer.wrap(bytes(8)).getDouble());
        case SHORT_BINUNICODE -> push(utf8(bytes(u8())));
        case BINUNICODE -> push(utf8(bytes(u32())));
        case BINUNICODE8 -> {
          long n = u64();
          if (n < 0 || n > data.length - pos) {
            throw truncated(n);
          }
          push(utf8(bytes(n)));
        }
        case MEMOIZE -> memo.put((long) memo.size(), peek());
        case BINPUT -> memo.put((long) u8(), peek());
        case LONG_BINPUT -> memo.put(u32(), peek());
        case BINGET -> push(memoGet(u8()));
        case LONG_BINGET -> push(memoGet(u32()));
        case GLOBAL -> {
          String module = line();
          String name = line();
          push(new Global(module, name));
        }
        case STACK_GLOBAL -> {
          Object name = pop();
          Object module = pop();
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw opError(
                "module and name must be strings, not " + typeOf(module) + ", " + typeOf(name));
          }
          push(new Global(m, n));
        }
        case NEWOBJ -> {
          Object args = pop();
          Object type = pop();
          if (!(type instanceof Global g)) {
            throw opError("the class is a " + typeOf(type) + ", not a class reference");
          }
          if (!(args instanceof List)) {
            throw opError("the arguments are a " + typeOf(args) + ", not a tuple");
          }
          push(new PyObject(g));
        }
        case BUILD -> build();
        case TUPLE1 -> push(tuple(1));
        case TUPLE2 -> push(tuple(2));
        case TUPLE3 -> push(tuple(3));
        case TUPLE -> push(Collections.unmodifiableList(popMark()));
        default ->
            throw error(
                String.format(
                    "unsupported opcode 0x%02x%s at byte offset %d",
                    opcode, printable(opcode), opOffset));
      }
    }
  }

  private Object finish() throws HnswFormatException {
    return pop();
  }

  private void build() throws HnswFormatException {
    Object state = pop();
    Object target = peek();
    if (!(target instanceof PyObject object)) {
      throw opError("the object to build is a " + typeOf(target) + ", not one made by NEWOBJ");
    }
    if (!(state instanceof Map<?, ?>)) {
      throw opError(
          "the state of "
              + object.type.module()
              + "."
              + object.type.name()
              + " is a "
              + typeOf(state)
              + ", not a dict");
    }
    @SuppressWarnings("unchecked")
    Map<Object, Object> dict = (Map<Object, Object>) state;
    object.state = dict;
    stack.set(stack.size() - 1, dict);
  }

  /** A built object stands for its state; an object never built for an empty dict. */
  private static Object resolve(Object value) {
    if (value instanceof PyObject object) {
      if (object.state == null) {
        object.state = new LinkedHashMap<>();
      }
      return object.state;
    }
    return value;
  }

  private Object memoGet(long index) throws HnswFormatException {
    if (!memo.containsKey(index)) {
      throw opError("memo entry " + index + " was never stored");
    }
    Object value = memo.get(index);
    if (value instanceof PyObject object && object.state != null) {
      return object.state;
    }
    return value;
  }

  private List<Object> tuple(int n) throws HnswFormatException {
    if (stack.size() < n) {
      throw opError("the stack holds " + stack.size() + " values, " + n + " needed");
    }
    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
    stack.subList(stack.size() - n, stack.size()).clear();
    items.replaceAll(PickleReader::resolve);
    return Collections.unmodifiableList(items);
  }

  private List<Object> popMark() throws HnswFormatException {
    if (marks.isEmpty()) {
      throw opError("no MARK before it");
    }
    int from = marks.pop();
    if (from > stack.size()) {
      throw opError("the MARK lies above the top of the stack");
    }
    List<Object> items = new ArrayList<>(stack.subList(from, stack.size()));
    stack.subList(from, stack.size()).clear();
    items.replaceAll(PickleReader::resolve);
    return items;
  }

  private void push(Object value) {
    stack.add(value);
  }

  private Object pop() throws HnswFormatException {
    if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() >= stack.size())) {
      throw opError("the stack is empty");
    }
    return resolve(stack.remove(stack.size() - 1));
  }

  private Object peek() throws HnswFormatException {
    if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() >= stack.size())) {
      throw opError("the stack is empty");
    }
    return stack.get(stack.size() - 1);
  }

  private Map<Object, Object> dict(Object value) throws HnswFormatException {
    if (value instanceof Map<?, ?>) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> dict = (Map<Object, Object>) value;
      return dict;
    }
    throw opError("the target is a " + typeOf(value) + ", not a dict");
  }

  private List<Object> list(Object value) throws HnswFormatException {
    if (value instanceof ArrayList<?>) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) value;
      return list;
    }
    throw opError("the target is a " + typeOf(value) + ", not a list");
  }

  private int u8() throws HnswFormatException {
    need(1);
    return data[pos++] & 0xff;
  }

  private int i32() throws HnswFormatException {
    need(4);
    int v =
        (data[pos] & 0xff)
            | (data[pos + 1] & 0xff) << 8
            | (data[pos + 2] & 0xff) << 16
            | (data[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  private long u32() throws HnswFormatException {
    return i32() & 0xffffffffL;
  }

  private long u64() throws HnswFormatException {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  private byte[] bytes(long n) throws HnswFormatException {
    if (n > data.length - pos) {
      throw truncated(n);
    }
    byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
    pos += (int) n;
    return out;
  }

  private String line() throws HnswFormatException {
    int start = pos;
    while (pos < data.length && data[pos] != '\n') {
      pos++;
    }
    if (pos >= data.length) {
      throw opError("truncated: no newline after the name starting at byte " + start);
    }
    String text = new String(data, start, pos - start, StandardCharsets.US_ASCII);
    pos++;
    return text;
  }

  private void need(int n) throws HnswFormatException {
    if (n > data.length - pos) {
      throw truncated(n);
    }
  }

  private String utf8(byte[] bytes) throws HnswFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw opError("the string is not valid UTF-8");
    }
  }

  /** A little-endian two's complement integer of any length, as Long when it fits. */
  private static Object longOf(byte[] littleEndian) {
    if (littleEndian.length == 0) {
      return 0L;
    }
    byte[] bigEndian = new byte[littleEndian.length];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
    }
    BigInteger value = new BigInteger(bigEndian);
    if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
      return value.longValue();
    }
    return value;
  }

  private HnswFormatException truncated(long needed) {
    return opError(
        "truncated: " + needed + " more bytes needed, " + (data.length - pos) + " remain");
  }

  private HnswFormatException opError(String problem) {
    return error(
        String.format(
            "opcode 0x%02x%s at byte offset %d: %s", opcode, printable(opcode), opOffset, problem));
  }

  private HnswFormatException error(String problem) {
    return file == null ? new HnswFormatException(problem) : new HnswFormatException(file, problem);
  }

  private static String printable(int code) {
    return code >= 0x20 && code < 0x7f ? " ('" + (char) code + "')" : "";
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof PyObject object) {
      return object.type.module() + "." + object.type.name() + " object";
    }
    return value.getClass().getSimpleName();
  }
}
