/** The source side of validation for Chroma stores. */
package io.tributary.source.chroma.validate;
