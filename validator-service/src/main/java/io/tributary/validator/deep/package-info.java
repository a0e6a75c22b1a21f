/**
 * Deep and final validation: the {@code RequestPoller} claims the requests in {@code
 * tributary.validation_requests} ({@code RequestRepository}, a {@code ValidationRequest}) one at a
 * time and the {@code RequestRunner} answers each; the {@code DeepTableValidator} compares each
 * table row by row ({@code io.tributary.validator.diff}, over the kind's row scanners) after
 * comparing whole-table checksums first; the {@code DeepDecider} says what the comparison means (a
 * final validation, on frozen and drained sources, is exact or an error). Each result is stored
 * with its differences and published ({@code io.tributary.validator.results}).
 */
package io.tributary.validator.deep;
