package dev.eventpipeline.enrich.domain;

/** The catalog document cannot be used; the message names the problem (never the document). */
public final class MalformedCatalogException extends Exception {
  public MalformedCatalogException(String message) {
    super(message);
  }
}
