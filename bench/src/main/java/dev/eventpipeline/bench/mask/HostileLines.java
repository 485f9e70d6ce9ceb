package dev.eventpipeline.bench.mask;

import dev.eventpipeline.masking.LineMasker;
import dev.eventpipeline.masking.MaskCounts;
import dev.eventpipeline.masking.MaskEngine;
/**
 * Hostile lines: one short pattern repeated to 100 KB and to 1 MB (Kinesis' record limit), masked as
 * text and inside a JSON string. Time must grow with the length, not its square: a detector that
 * looks ahead to the end of the line for every match would take seconds per MB. Run:
 * {@code java -cp bench/target/benchmarks.jar dev.eventpipeline.bench.mask.HostileLines}
 */
public final class HostileLines {
  private HostileLines() {}

  public static void main(String[] a) {
    LineMasker m = new LineMasker(MaskEngine.withDefaults());
    String[] units = {"password=x ", "Authorization: x ", "\\\"", "api_key=[A] ", "a=\"", "-1-1", "AKIA", "% ", "1 ", "Set-Cookie: a=\"", "secret: ", "token: abc ", "://", "@a.", "a.b@", "\u00e9", "\\n", "bearer x", "user@", "0176 ","a@", "1:", "0-", "%41", "\\u0041", "password=", "Bearer ", "secret ", "4111 ", "ghp_", "-----BEGIN ", "eyJ.", "x://a:b@", "Cookie: a=b; ", "\uFF21", "\u200B1", "[", "${", "::", "1.", "(415) ", "+1 "};
    for (String u : units) {
      for (int size : new int[] {100_000, 1_000_000}) {
        String line = u.repeat(size / u.length());
        long t0 = System.nanoTime();
        m.mask(line, new MaskCounts());
        m.mask("{\"k\":\"" + line.replace("\\", "\\\\").replace("\"", "'") + "\"}", new MaskCounts());
        System.out.printf("%-14s %8d chars: %6.1f ms%n", u.replace("\n", ""), size, (System.nanoTime() - t0) / 1e6);
      }
    }
  }
}
