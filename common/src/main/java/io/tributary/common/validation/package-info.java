/**
 * The validation contract between validator-service (which writes results and carries out requests)
 * and orchestrator-service (which asks for deep and final validations and gates the cutover on
 * them): the {@link io.tributary.common.validation.ValidationMode mode} of a validation and the
 * {@link io.tributary.common.validation.ValidationStatus status} it found, as stored in the control
 * schema and published on {@code tributary.validation}.
 */
package io.tributary.common.validation;
