package dev.eventpipeline.enrich.domain;

import dev.eventpipeline.enrich.port.CatalogSource;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog, cached with a TTL and refreshed on the invocation path: {@link #current()} is called
 * at the start of each invocation and, once the TTL has passed, re-checks the document with a
 * conditional fetch (If-None-Match on the ETag; 304 keeps the copy). Nothing is fetched at
 * construction (no SDK call during init). A missing or malformed document, or a store that cannot
 * answer, keeps the last good copy and logs a warning (never the document); with no copy at all,
 * {@link Catalog#EMPTY} is served and enrichment proceeds without lookups. Failures of the store
 * itself are re-tried sooner than the TTL ({@code retryAfter}), so one throttled call does not
 * leave the copy unchecked for a whole TTL.
 */
public final class CatalogCache {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogCache.class);

  /** What the last call to {@link #current()} did. */
  public enum Outcome {
    /** Within the TTL: no fetch. */
    CACHED,
    /** A new document was loaded. */
    LOADED,
    /** 304: the copy is still current. */
    NOT_MODIFIED,
    /** No document at the location: kept the last good copy (or none). */
    MISSING,
    /** The document could not be used: kept the last good copy (or none). */
    MALFORMED,
    /** The store did not answer: kept the last good copy (or none). */
    UNAVAILABLE
  }

  /** The catalog to use for this invocation and how it was obtained. */
  public record Lookup(Catalog catalog, Outcome outcome, String etag, long ageMillis) {}

  private final CatalogSource source;
  private final long ttlMillis;
  private final long retryMillis;
  private final Clock clock;

  private Catalog catalog = Catalog.EMPTY;
  private String goodEtag;
  private long verifiedAt = -1; // when the copy was last loaded or confirmed by a 304; -1: no copy
  private String lastSeenEtag; // good or bad: what If-None-Match sends
  private boolean lastSeenMalformed;
  private long nextCheckAt = Long.MIN_VALUE;

  public CatalogCache(CatalogSource source, Duration ttl, Clock clock) {
    this(source, ttl, ttl.compareTo(Duration.ofSeconds(30)) < 0 ? ttl : Duration.ofSeconds(30), clock);
  }

  public CatalogCache(CatalogSource source, Duration ttl, Duration retryAfter, Clock clock) {
    this.source = source;
    this.ttlMillis = ttl.toMillis();
    this.retryMillis = retryAfter.toMillis();
    this.clock = clock;
  }

  /** The catalog for this invocation, re-checked first when the TTL has passed. */
  public synchronized Lookup current() {
    long now = clock.millis();
    if (now < nextCheckAt) {
      return lookup(Outcome.CACHED, now);
    }
    CatalogSource.Fetch fetch;
    try {
      fetch = source.fetch(lastSeenEtag);
    } catch (CatalogSource.CatalogUnavailableException | RuntimeException e) {
      nextCheckAt = now + retryMillis;
      LOG.warn("Catalog {} could not be fetched ({}); {}", source.location(), e.getMessage(), keeping());
      return lookup(Outcome.UNAVAILABLE, now);
    }
    nextCheckAt = now + ttlMillis;
    if (fetch instanceof CatalogSource.NotModified) {
      if (lastSeenMalformed) {
        LOG.warn("Catalog {} is unchanged and still malformed; {}", source.location(), keeping());
        return lookup(Outcome.MALFORMED, now);
      }
      verifiedAt = now; // verified fresh: its age starts again
      return lookup(Outcome.NOT_MODIFIED, now);
    }
    if (fetch instanceof CatalogSource.Missing missing) {
      lastSeenEtag = null;
      lastSeenMalformed = false;
      LOG.warn("Catalog {} is missing ({}); {}", source.location(), missing.reason(), keeping());
      return lookup(Outcome.MISSING, now);
    }
    if (fetch instanceof CatalogSource.Unusable unusable) {
      lastSeenEtag = unusable.etag();
      lastSeenMalformed = true;
      LOG.warn("Catalog {} cannot be used ({}); {}", source.location(), unusable.reason(), keeping());
      return lookup(Outcome.MALFORMED, now);
    }
    CatalogSource.Found found = (CatalogSource.Found) fetch;
    lastSeenEtag = found.etag();
    try {
      catalog = CatalogParser.parse(found.document());
      goodEtag = found.etag();
      verifiedAt = now;
      lastSeenMalformed = false;
      LOG.info("Catalog {} loaded: {} services, {} network zones (etag {})", source.location(),
          catalog.serviceCount(), catalog.zoneCount(), found.etag());
      return lookup(Outcome.LOADED, now);
    } catch (MalformedCatalogException e) {
      lastSeenMalformed = true;
      LOG.warn("Catalog {} is malformed ({}); {}", source.location(), e.getMessage(), keeping());
      return lookup(Outcome.MALFORMED, now);
    }
  }

  private Lookup lookup(Outcome outcome, long now) {
    return new Lookup(catalog, outcome, goodEtag, verifiedAt < 0 ? -1 : now - verifiedAt);
  }

  private String keeping() {
    return verifiedAt < 0
        ? "no copy yet: enriching without lookups"
        : "keeping the last good copy (etag " + goodEtag + ")";
  }
}
