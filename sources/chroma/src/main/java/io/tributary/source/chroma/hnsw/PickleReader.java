package io.tributary.source.chroma.hnsw;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

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
 *
 * <p>This class dispatches the opcodes: {@link PickleInput} reads their arguments, {@link
 * PickleStack} holds the values they make, {@link PickleErrors} words the refusals.
 */
public final class PickleReader {
  /** A class reference (GLOBAL / STACK_GLOBAL) that ended up as a value. */
  public record Global(String module, String name) {}

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

  private final PickleErrors errors;
  private final PickleInput in;
  private final PickleStack stack;

  private PickleReader(byte[] data, Path file) {
    this.errors = new PickleErrors(file);
    this.in = new PickleInput(data, errors);
    this.stack = new PickleStack(errors);
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
      if (in.remaining() <= 0) {
        throw errors.truncatedAt(in.position());
      }
      int offset = in.position();
      int opcode = in.u8();
      errors.at(offset, opcode);
      switch (opcode) {
        case PROTO -> {
          int protocol = in.u8();
          if (protocol < 2 || protocol > 5) {
            throw errors.opError("protocol " + protocol + " is not supported (2 to 5 are)");
          }
        }
        case FRAME -> {
          long length = in.u64();
          if (length < 0 || length > in.remaining()) {
            throw errors.opError(
                "truncated: the frame announces "
                    + length
                    + " bytes, "
                    + in.remaining()
                    + " remain");
          }
        }
        case STOP -> {
          return stack.pop();
        }
        case MARK -> stack.mark();
        case EMPTY_DICT -> stack.push(new LinkedHashMap<>());
        case EMPTY_LIST -> stack.push(new ArrayList<>());
        case EMPTY_TUPLE -> stack.push(Collections.emptyList());
        case SETITEM -> stack.setItem();
        case SETITEMS -> stack.setItems();
        case APPEND -> stack.append();
        case APPENDS -> stack.appends();
        case NONE -> stack.push(null);
        case NEWTRUE -> stack.push(true);
        case NEWFALSE -> stack.push(false);
        case BININT1 -> stack.push((long) in.u8());
        case BININT2 -> stack.push((long) (in.u8() | (in.u8() << 8)));
        case BININT -> stack.push((long) in.i32());
        case LONG1 -> stack.push(PickleInput.longOf(in.bytes(in.u8())));
        case LONG4 -> {
          int n = in.i32();
          if (n < 0) {
            throw errors.opError("a negative length " + n);
          }
          stack.push(PickleInput.longOf(in.bytes(n)));
        }
        case BINFLOAT -> stack.push(ByteBuffer.wrap(in.bytes(8)).getDouble());
        case SHORT_BINUNICODE -> stack.push(in.utf8(in.bytes(in.u8())));
        case BINUNICODE -> stack.push(in.utf8(in.bytes(in.u32())));
        case BINUNICODE8 -> {
          long n = in.u64();
          if (n < 0 || n > in.remaining()) {
            throw in.truncated(n);
          }
          stack.push(in.utf8(in.bytes(n)));
        }
        case MEMOIZE -> stack.memoize();
        case BINPUT -> stack.memoPut(in.u8());
        case LONG_BINPUT -> stack.memoPut(in.u32());
        case BINGET -> stack.memoGet(in.u8());
        case LONG_BINGET -> stack.memoGet(in.u32());
        case GLOBAL -> {
          String module = in.line();
          String name = in.line();
          stack.push(new Global(module, name));
        }
        case STACK_GLOBAL -> stack.stackGlobal();
        case NEWOBJ -> stack.newObj();
        case BUILD -> stack.build();
        case TUPLE1 -> stack.push(stack.tuple(1));
        case TUPLE2 -> stack.push(stack.tuple(2));
        case TUPLE3 -> stack.push(stack.tuple(3));
        case TUPLE -> stack.push(Collections.unmodifiableList(stack.popMark()));
        default -> throw errors.unsupported();
      }
    }
  }
}
