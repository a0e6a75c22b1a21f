package io.tributary.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code index_metadata.pickle} byte for byte as Chroma's two writers do, for {@link
 * ChromaStoreFixture}.
 *
 * <ul>
 *   <li>{@link #python}: CPython's C pickler, {@code pickle.dump(PersistentData, f,
 *       HIGHEST_PROTOCOL)} (protocol 5): FRAMEs of about 64 KiB, the class by STACK_GLOBAL, NEWOBJ,
 *       the state dict by BUILD; every str and dict is memoized (MEMOIZE), so the second and later
 *       occurrences of an id are BINGET/LONG_BINGET; dict items in MARK … SETITEMS batches of 1000
 *       (a one-item dict uses SETITEM); ints as BININT1/BININT2/BININT/LONG1.
 *   <li>{@link #serde}: serde-pickle 1.2 {@code to_writer(…, SerOptions::new())} of Rust's {@code
 *       IdMap} (protocol 3): a plain dict, no memo, strings as BINUNICODE, ints as BININT or LONG1
 *       (5 bytes for u32, 9 for u64, at or above 2^31), maps as EMPTY_DICT MARK … SETITEMS with
 *       {@code u(} after every 1000 pairs.
 * </ul>
 */
final class ChromaPickleWriter {
  private static final int FRAME_TARGET = 64 * 1024;
  private static final int BATCH = 1000;

  private ChromaPickleWriter() {}

  /** Python 0.5/0.6: a {@code PersistentData} object whose state is {@code state}. */
  static byte[] python(Map<String, Object> state) {
    PythonPickler p = new PythonPickler();
    p.out.write(0x80);
    p.out.write(5);
    p.startFrame();
    p.str("chromadb.segment.impl.vector.local_persistent_hnsw");
    p.str("PersistentData");
    p.op(0x93); // STACK_GLOBAL
    p.memoize();
    p.op(')'); // EMPTY_TUPLE
    p.op(0x81); // NEWOBJ
    p.memoize();
    p.save(state);
    p.op('b'); // BUILD
    p.op('.'); // STOP
    return p.finish();
  }

  /** Rust 1.x: the {@code IdMap} struct (fields in declaration order) as a plain dict. */
  static byte[] serde(
      Long dimensionality,
      long totalElementsAdded,
      Long maxSeqId,
      Map<String, Long> idToLabel,
      Map<Long, String> labelToId,
      Map<String, Long> idToSeqId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80);
    out.write(3);
    out.write('}');
    out.write('(');
    serdeStr(out, "dimensionality");
    if (dimensionality == null) {
      out.write('N');
    } else {
      serdeU64(out, dimensionality);
    }
    serdeStr(out, "total_elements_added");
    serdeU32(out, totalElementsAdded);
    serdeStr(out, "max_seq_id");
    if (maxSeqId == null) {
      out.write('N');
    } else {
      serdeU64(out, maxSeqId);
    }
    serdeStr(out, "id_to_label");
    serdeMap(out, idToLabel);
    serdeStr(out, "label_to_id");
    serdeMap(out, labelToId);
    serdeStr(out, "id_to_seq_id");
    serdeMap(out, idToSeqId);
    out.write('u');
    out.write('.');
    return out.toByteArray();
  }

  private static void serdeMap(ByteArrayOutputStream out, Map<?, ?> map) {
    out.write('}');
    if (map.isEmpty()) {
      return;
    }
    out.write('(');
    int inBatch = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      serdeValue(out, e.getKey());
      serdeValue(out, e.getValue());
      if (++inBatch == BATCH) {
        out.write('u');
        out.write('(');
        inBatch = 0;
      }
    }
    out.write('u');
  }

  private static void serdeValue(ByteArrayOutputStream out, Object value) {
    if (value instanceof String s) {
      serdeStr(out, s);
    } else {
      serdeU32(out, (Long) value);
    }
  }

  private static void serdeStr(ByteArrayOutputStream out, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    le(out, utf8.length, 4);
    out.writeBytes(utf8);
  }

  private static void serdeU32(ByteArrayOutputStream out, long value) {
    if (value < 0x8000_0000L) {
      out.write('J');
      le(out, value, 4);
    } else {
      out.write(0x8a); // LONG1: the u32 and a zero sign byte
      out.write(5);
      le(out, value, 4);
      out.write(0);
    }
  }

  private static void serdeU64(ByteArrayOutputStream out, long value) {
    if (value >= 0 && value < 0x8000_0000L) {
      out.write('J');
      le(out, value, 4);
    } else {
      out.write(0x8a); // LONG1: the u64 and a zero sign byte
      out.write(9);
      le(out, value, 8);
      out.write(0);
    }
  }

  private static void le(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  /** CPython's pickler, for the values a PersistentData state holds. */
  private static final class PythonPickler {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream done = new ByteArrayOutputStream();

    /** Memo index of each id string (Chroma shares one str object per id across the dicts). */
    private final Map<String, Integer> strings = new HashMap<>();

    private int memo;

    void op(int code) {
      out.write(code);
    }

    void memoize() {
      out.write(0x94);
      memo++;
    }

    void startFrame() {
      done.writeBytes(out.toByteArray());
      out.reset();
    }

    /** Ends the current frame once it reached the target size, as the C pickler does. */
    void boundary() {
      if (out.size() >= FRAME_TARGET) {
        commitFrame();
      }
    }

    private void commitFrame() {
      byte[] frame = out.toByteArray();
      out.reset();
      if (frame.length >= 4) {
        done.write(0x95);
        le(done, frame.length, 8);
      }
      done.writeBytes(frame);
    }

    byte[] finish() {
      commitFrame();
      return done.toByteArray();
    }

    void save(Object value) {
      if (value == null) {
        out.write('N');
      } else if (value instanceof String s) {
        str(s);
      } else if (value instanceof Long l) {
        integer(l);
      } else if (value instanceof Map<?, ?> map) {
        dict(map);
      } else {
        throw new IllegalArgumentException("not pickled here: " + value.getClass());
      }
      boundary();
    }

    void str(String s) {
      Integer index = strings.get(s);
      if (index != null) {
        if (index < 256) {
          out.write('h');
          out.write(index);
        } else {
          out.write('j');
          le(out, index, 4);
        }
        return;
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (utf8.length < 256) {
        out.write(0x8c);
        out.write(utf8.length);
      } else {
        out.write('X');
        le(out, utf8.length, 4);
      }
      out.writeBytes(utf8);
      strings.put(s, memo);
      memoize();
    }

    void integer(long v) {
      if (v >= 0 && v <= 0xff) {
        out.write('K');
        out.write((int) v);
      } else if (v >= 0 && v <= 0xffff) {
        out.write('M');
        le(out, v, 2);
      } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        out.write('J');
        le(out, v, 4);
      } else {
        byte[] big = BigInteger.valueOf(v).toByteArray(); // minimal two's complement
        out.write(0x8a);
        out.write(big.length);
        for (int i = big.length - 1; i >= 0; i--) {
          out.write(big[i]);
        }
      }
    }

    void dict(Map<?, ?> map) {
      out.write('}');
      memoize();
      if (map.isEmpty()) {
        return;
      }
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      if (entries.size() == 1) {
        save(entries.get(0).getKey());
        save(entries.get(0).getValue());
        out.write('s');
        return;
      }
      int i = 0;
      int inBatch;
      do {
        out.write('(');
        inBatch = 0;
        while (i < entries.size() && inBatch < BATCH) {
          save(entries.get(i).getKey());
          save(entries.get(i).getValue());
          i++;
          inBatch++;
        }
        out.write('u');
      } while (inBatch == BATCH);
    }
  }
}
