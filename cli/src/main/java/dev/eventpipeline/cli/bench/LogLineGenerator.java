package dev.eventpipeline.cli.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic log lines for the end-to-end benchmark, reproducible from a seed: half JSON application
 * logs (with structured fields), 30% Apache combined access lines, 20% BSD syslog lines; about one
 * line in twenty carries PII the mask function must catch (an e-mail address, a card test number,
 * an IP address in the message, a phone number). Every line is distinct (a request counter).
 */
public final class LogLineGenerator {
  private static final String[] SERVICES = {"checkout", "orders", "users", "inventory", "web-frontend", "search"};
  private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
  private static final String[] PATHS = {"/", "/cart", "/api/orders", "/api/users/me", "/static/app.js", "/search?q=lamp"};
  private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/120.0",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 13_5) AppleWebKit/605.1.15 Safari/605.1.15", "curl/8.5.0"};
  private static final String[] PII = {"customer alice.smith@example.com", "card 4111 1111 1111 1111",
      "client 203.0.113.77", "call +1 202 555 0143", "user bob@example.org from 198.51.100.23"};
  private static final DateTimeFormatter APACHE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final SplittableRandom random;
  private final String run;
  private long counter;

  /** @param run a tag carried by every line (request ids start with it) */
  public LogLineGenerator(long seed, String run) {
    this.random = new SplittableRandom(seed);
    this.run = run;
  }

  public byte[] next() {
    long n = counter++;
    String id = run + "-" + n;
    Instant now = Instant.now();
    String pii = random.nextInt(20) == 0 ? " " + PII[random.nextInt(PII.length)] : "";
    int kind = random.nextInt(10);
    String line;
    if (kind < 5) {
      String service = SERVICES[random.nextInt(SERVICES.length)];
      line = "{\"timestamp\":\"" + ISO.format(now) + "\",\"level\":\"" + LEVELS[random.nextInt(LEVELS.length)]
          + "\",\"service\":\"" + service + "\",\"message\":\"handled request " + id + pii
          + "\",\"requestId\":\"" + id + "\",\"durationMs\":" + random.nextInt(2, 900)
          + ",\"status\":" + (random.nextInt(50) == 0 ? 500 : 200) + "}";
    } else if (kind < 8) {
      line = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255) + " - - ["
          + APACHE.format(now) + "] \"GET " + PATHS[random.nextInt(PATHS.length)] + "?rid=" + id + " HTTP/1.1\" "
          + (random.nextInt(30) == 0 ? 404 : 200) + " " + random.nextInt(200, 40_000) + " \"-\" \""
          + AGENTS[random.nextInt(AGENTS.length)] + "\"" + pii;
    } else {
      line = SYSLOG.format(now) + " host-" + random.nextInt(8) + ".example.internal app[" + random.nextInt(1000, 40_000)
          + "]: INFO job " + id + " finished in " + random.nextInt(1, 5000) + " ms" + pii;
    }
    return line.getBytes(StandardCharsets.UTF_8);
  }
}
