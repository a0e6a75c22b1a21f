package io.tributary.source.spi.validate;

/**
 * What changes when a source table is written, as far as the source tells: equal fingerprints taken
 * at two times mean no write was seen in between. A table that matched and whose fingerprint and
 * topic did not change is not read again until the refresh period passes (the validator's {@code
 * ValidationPolicy}).
 */
public sealed interface SourceFingerprint permits FileFingerprint, TableActivity {}
