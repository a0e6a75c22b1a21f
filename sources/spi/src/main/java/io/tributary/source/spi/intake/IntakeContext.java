package io.tributary.source.spi.intake;

import java.time.Duration;

/**
 * What plan intake offers a kind's {@link SourceIntake}.
 *
 * @param connectTimeout the longest connecting to and logging in to a source server may take
 *     ({@code tributary.orchestrator.source-connect-timeout}); a kind whose sources are files
 *     ignores it
 */
public record IntakeContext(Duration connectTimeout) {}
