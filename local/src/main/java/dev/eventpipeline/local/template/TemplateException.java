package dev.eventpipeline.local.template;

/** A synthesized template the local cloud cannot run: the message says what and where. */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
