package io.tributary.common.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Text#of} takes exactly the bytes Java's strict UTF-8 decoder takes, less those holding
 * a NUL, and each of them decodes and encodes back to itself: text kept as its bytes is the very
 * {@code COPY} field its String would have been. Every sequence of up to three bytes is tried,
 * every four-byte sequence's lead and second byte, and random mixtures of ASCII runs (read eight
 * bytes at a time), NULs and multi-byte characters at every alignment.
 */
class Utf8TextTest {
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final CharBuffer chars = CharBuffer.allocate(4096);

  @Test
  void everySequenceOfUpToThreeBytes() {
    List<String> differences = new ArrayList<>();
    byte[][] arrays = {new byte[0], new byte[1], new byte[2], new byte[3]};
    check(arrays[0], differences);
    for (int length = 1; length <= 3; length++) {
      byte[] b = arrays[length];
      for (int v = 0; v < 1 << (8 * length); v++) {
        for (int i = 0; i < length; i++) {
          b[i] = (byte) (v >>> (8 * i));
        }
        check(b, differences);
      }
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void everyLeadAndSecondByteOfFourByteSequences() {
    List<String> differences = new ArrayList<>();
    byte[] b = new byte[4];
    for (int lead = 0xE0; lead <= 0xFF; lead++) {
      for (int second = 0; second <= 0xFF; second++) {
        for (int third : new int[] {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF}) {
          for (int fourth : new int[] {0x00, 0x41, 0x80, 0xBF, 0xC0, 0xFF}) {
            b[0] = (byte) lead;
            b[1] = (byte) second;
            b[2] = (byte) third;
            b[3] = (byte) fourth;
            check(b, differences);
          }
        }
      }
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void randomMixturesAtEveryAlignment() {
    String[] pieces = {
      "a", "abcdefghijklmnop", "\u0000", "\u00e9", "\u65e5", "\ud83d\ude00", "\uFFFD", "\u007f", " "
    };
    byte[][] broken = {{(byte) 0x80}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};
    SplittableRandom random = new SplittableRandom(20261128L);
    List<String> differences = new ArrayList<>();
    int accepted = 0;
    for (int n = 0; n < 200_000; n++) {
      ByteBuffer out = ByteBuffer.allocate(1024);
      int parts = random.nextInt(1, 12);
      for (int p = 0; p < parts; p++) {
        int pick = random.nextInt(pieces.length + 1);
        if (pick < pieces.length) {
          // NUL and broken bytes rarely, so that most mixtures are well-formed
          if (pieces[pick].equals("\u0000") && random.nextInt(4) != 0) {
            pick = 0;
          }
          out.put(pieces[pick].getBytes(StandardCharsets.UTF_8));
        } else if (random.nextInt(8) == 0) {
          out.put(broken[random.nextInt(broken.length)]);
        }
      }
      byte[] b = new byte[out.position()];
      out.flip().get(b);
      if (check(b, differences)) {
        accepted++;
      }
    }
    assertThat(differences).isEmpty();
    assertThat(accepted).isGreaterThan(50_000);
  }

  @Test
  void keepsItsBytesAndReadsAsItsString() {
    byte[] bytes = "caf\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8);
    Utf8Text text = Utf8Text.of(bytes);
    assertThat(text.bytes()).isSameAs(bytes);
    assertThat(text.toString()).isEqualTo("caf\u00e9 \ud83d\ude00");
    assertThat(text).isEqualTo(Utf8Text.of(bytes.clone())).hasSameHashCodeAs(Utf8Text.of(bytes));
    assertThat(Utf8Text.of("a\u0000b".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(Utf8Text.of(new byte[] {(byte) 0xc3})).isNull();
  }

  /**
   * Whether {@link Utf8Text#of} takes {@code b}; a line in {@code differences} where the strict
   * decoder and the NUL rule say otherwise, or where a text taken does not encode back to itself.
   */
  private boolean check(byte[] b, List<String> differences) {
    strict.reset();
    chars.clear();
    boolean decodes = !strict.decode(ByteBuffer.wrap(b), chars, true).isError();
    decodes = decodes && !strict.flush(chars).isError();
    boolean hasNul = false;
    for (byte x : b) {
      hasNul |= x == 0;
    }
    Utf8Text text = Utf8Text.of(b);
    boolean expected = decodes && !hasNul;
    if ((text != null) != expected) {
      differences.add(hex(b) + ": taken " + (text != null) + ", expected " + expected);
    } else if (text != null && !text.toString().equals(chars.flip().toString())) {
      differences.add(hex(b) + ": reads as another String than the strict decoder's");
    } else if (text != null
        && !Arrays.equals(text.toString().getBytes(StandardCharsets.UTF_8), b)) {
      differences.add(hex(b) + ": does not encode back to itself");
    }
    if (differences.size() > 20) {
      throw new AssertionError(differences);
    }
    return text != null;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
