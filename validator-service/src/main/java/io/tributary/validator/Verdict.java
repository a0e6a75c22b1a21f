package io.tributary.validator;

import io.tributary.common.validation.ValidationStatus;

/**
 * A status and what explains it.
 *
 * @param status the status
 * @param detail what differs or what is awaited; null when there is nothing to say
 */
public record Verdict(ValidationStatus status, String detail) {}
