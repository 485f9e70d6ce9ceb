package dev.eventpipeline.thumbnail.image;

/** The format a thumbnail is written in: JPEG for opaque images, PNG when the source has transparency. */
public enum OutputFormat {
  JPEG("image/jpeg", "jpg"),
  PNG("image/png", "png");

  private final String contentType;
  private final String extension;

  OutputFormat(String contentType, String extension) {
    this.contentType = contentType;
    this.extension = extension;
  }

  public String contentType() {
    return contentType;
  }

  public String extension() {
    return extension;
  }
}
