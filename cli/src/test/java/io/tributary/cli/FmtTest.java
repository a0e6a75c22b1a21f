package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How values print. */
class FmtTest {
  @Test
  void durations() {
    assertThat(Fmt.duration(0.4)).isEqualTo("0s");
    assertThat(Fmt.duration(13)).isEqualTo("13s");
    assertThat(Fmt.duration(185)).isEqualTo("3m05s");
    assertThat(Fmt.duration(3_720)).isEqualTo("1h02m");
    assertThat(Fmt.duration(183_600)).isEqualTo("2d03h");
  }

  @Test
  void bytes() {
    assertThat(Fmt.bytes(null)).isEqualTo("-");
    assertThat(Fmt.bytes(512L)).isEqualTo("512 B");
    assertThat(Fmt.bytes(238_864L)).isEqualTo("233.3 KiB");
    assertThat(Fmt.bytes(67_216_352L)).isEqualTo("64.1 MiB");
    assertThat(Fmt.bytes(3L << 30)).isEqualTo("3.0 GiB");
  }

  @Test
  void timesToTheSecondFromIsoAndPostgresText() {
    assertThat(Fmt.time("2026-11-25T20:50:23.531104Z")).isEqualTo("2026-11-25T20:50:23Z");
    assertThat(Fmt.time("2026-11-25 23:57:30.154379+00")).isEqualTo("2026-11-25T23:57:30Z");
    assertThat(Fmt.time("2026-11-25 23:57:30+02:00")).isEqualTo("2026-11-25T23:57:30+02:00");
    assertThat(Fmt.time("yesterday")).isEqualTo("yesterday");
    assertThat(Fmt.time(null)).isEqualTo("-");
  }

  @Test
  void numbersGroupedAndExact() {
    assertThat(Fmt.n(Json.parseOrNull("12345678901234567890")))
        .isEqualTo("12,345,678,901,234,567,890");
    assertThat(Fmt.n(Json.parseOrNull("1234.50"))).isEqualTo("1,234.5");
    assertThat(Fmt.n(Json.parseOrNull("null"))).isEqualTo("-");
    assertThat(Fmt.n((Long) null)).isEqualTo("-");
  }

  @Test
  void pathsAndQueriesAreEncoded() {
    assertThat(
            ApiPath.of("migrations", "a b", "tables", "public.items/x")
                .query("reason", "ä & ok")
                .toString())
        .isEqualTo("/migrations/a%20b/tables/public.items%2Fx?reason=%C3%A4%20%26%20ok");
    assertThat(ApiPath.of("m").query("x", null).flag("y", false).toString()).isEqualTo("/m");
  }
}
