package io.tributary.cli;

import picocli.CommandLine.Option;

/** The {@code -h, --help} option of a subcommand, mixed into each (picocli {@code @Mixin}). */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
