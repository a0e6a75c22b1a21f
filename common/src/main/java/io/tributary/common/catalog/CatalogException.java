package io.tributary.common.catalog;

/** A source catalog that cannot be read or cannot be migrated as it is; the message says why. */
public class CatalogException extends RuntimeException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
