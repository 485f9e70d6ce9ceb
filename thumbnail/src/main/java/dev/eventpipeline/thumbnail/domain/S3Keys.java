package dev.eventpipeline.thumbnail.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Object keys as S3 event notifications carry them: form-URL-encoded ('+' is a space, %XX a UTF-8
 * byte). Lenient where URLDecoder throws: a '%' not followed by two hex digits stays as it is, so an
 * odd key is still found rather than failing the message.
 */
public final class S3Keys {
  private S3Keys() {}

  public static String decode(String encoded) {
    if (encoded == null || encoded.indexOf('+') < 0 && encoded.indexOf('%') < 0) {
      return encoded;
    }
    byte[] in = encoded.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
        out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }
}
