package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing, help, version, completion and bad usage (exit 2), without an API. */
class CommandLineTest {
  private final Run cli = new Run();

  @Test
  void noCommandPrintsTheUsageOnStderrAndExits2() {
    Run.Result r = cli.run();
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("Usage: tributary", "Commands:", "cutover", "Exit status:");
  }

  @Test
  void helpListsEveryCommandWithItsHeader() {
    Run.Result r = cli.run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "plan",
            "list",
            "status",
            "events",
            "finalize",
            "finalize-status",
            "replay",
            "replays",
            "invalid",
            "validate",
            "validation",
            "differences",
            "cutover",
            "cutover-status",
            "rollback",
            "pause",
            "resume",
            "resync",
            "abandon",
            "abandon-status",
            "completion")
        .contains("One migration: state, progress per table (%, rows/s, ETA), sources.")
        .contains("124   --wait ran out of time");
  }

  @Test
  void helpOfOneCommandTwoWays() {
    Run.Result viaHelp = cli.run("help", "cutover");
    Run.Result viaOption = cli.run("cutover", "--help");
    assertThat(viaHelp.code()).isZero();
    assertThat(viaOption.code()).isZero();
    assertThat(viaHelp.out())
        .isEqualTo(viaOption.out())
        .contains("Usage: tributary cutover")
        .contains("--check", "--reason=TEXT", "--full", "--accept-rejects", "--wait")
        .contains("--timeout=SECONDS", "--json", "--request-timeout=SECONDS")
        .contains("3     --check: not ready");
  }

  @Test
  void versionNamesTheBuild() {
    Run.Result r = cli.run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("tributary-cli ").contains("Java ");
    assertThat(r.out()).doesNotContain("unknown");
  }

  @Test
  void unknownCommandIsOneLineAndExit2() {
    Run.Result r = cli.run("cutovr", "demo");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines().findFirst().orElseThrow())
        .startsWith("tributary: Unmatched arguments")
        .endsWith("(tributary --help)");
    assertThat(r.err()).contains("cutover").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownOptionNamesTheCommandsHelp() {
    Run.Result r = cli.run("cutover", "demo", "--fast");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .startsWith("tributary cutover: Unknown option: '--fast' (tributary help cutover)");
  }

  @Test
  void missingIdIsExit2() {
    Run.Result r = cli.run("status");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).startsWith("tributary status: Missing required parameter: 'ID'");
  }

  @Test
  void checksBeforeCallingTheApi() {
    // No API is running at the address: each of these is refused before any call (exit 2, not 69).
    cli.env.put("TRIBUTARY_API", "http://127.0.0.1:9");
    assertThat(cli.run("invalid", "demo", "orders", "note", "maybe").err())
        .isEqualTo(
            "tributary invalid: POLICY is reject or null, not 'maybe' (tributary help invalid)\n");
    assertThat(cli.run("plan", "--dry-run", "--wait", "x.yaml").code()).isEqualTo(2);
    assertThat(cli.run("plan", "no-such-plan.yaml").err())
        .isEqualTo(
            "tributary plan: give one plan file (no-such-plan.yaml is not a file) (tributary help"
                + " plan)\n");
    assertThat(cli.run("cutover", "demo", "--check", "--wait").err())
        .startsWith("tributary cutover: --check takes only --accept-rejects");
    assertThat(cli.run("cutover", "demo", "--timeout", "-1").err())
        .startsWith("tributary cutover: --timeout needs SECONDS");
    assertThat(cli.run("status", "demo", "--watch", "--json").code()).isEqualTo(2);
    assertThat(cli.run("status", "demo", "--interval", "0").code()).isEqualTo(2);
    assertThat(cli.run("validate", "demo", "--wait", "soon").code()).isEqualTo(2);
    assertThat(cli.run("--request-timeout", "0", "list").code()).isEqualTo(2);
    assertThat(cli.run("completion", "fish").err())
        .isEqualTo("tributary completion: bash or zsh, not 'fish' (tributary help completion)\n");
  }

  @Test
  void completionScriptCoversCommandsAndOptions() {
    Run.Result r = cli.run("completion", "bash");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("complete -F")
        .contains("tributary")
        .contains("abandon-status")
        .contains("--accept-rejects")
        .contains("--drop-target")
        .contains("bashcompinit"); // the same script serves zsh
    assertThat(cli.run("completion").out()).isEqualTo(r.out());
  }
}
