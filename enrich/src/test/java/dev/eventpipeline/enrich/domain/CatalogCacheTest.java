package dev.eventpipeline.enrich.domain;

import dev.eventpipeline.common.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.enrich.port.CatalogSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogCacheTest {
  private static final Duration TTL = Duration.ofSeconds(300);
  private static final String V1 = "{\"formatVersion\":1,\"services\":{\"orders\":{\"team\":\"payments\"}}}";
  private static final String V2 = "{\"formatVersion\":1,\"services\":{\"orders\":{\"team\":\"checkout\"}}}";


  /** A store whose answers are scripted; records the ETag each fetch sent. */
  static final class ScriptedSource implements CatalogSource {
    final Deque<Object> answers = new ArrayDeque<>();
    final List<String> sentEtags = new ArrayList<>();

    ScriptedSource then(Object answer) {
      answers.add(answer);
      return this;
    }

    @Override
    public Fetch fetch(String ifNoneMatch) throws CatalogUnavailableException {
      sentEtags.add(ifNoneMatch);
      Object next = answers.remove();
      if (next instanceof CatalogUnavailableException e) {
        throw e;
      }
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (Fetch) next;
    }

    @Override
    public String location() {
      return "s3://reference/catalog.json";
    }
  }

  static CatalogSource.Found found(String json, String etag) {
    return new CatalogSource.Found(json.getBytes(StandardCharsets.UTF_8), etag);
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T16:00:00Z"));
  private final ScriptedSource source = new ScriptedSource();
  private final CatalogCache cache = new CatalogCache(source, TTL, clock);

  private String team() {
    var info = cache.current().catalog().service("orders");
    return info == null ? null : info.team();
  }

  @Test
  void fetchesNothingUntilFirstAskedThenServesTheCopyWithinTheTtl() {
    source.then(found(V1, "\"e1\""));
    assertThat(source.sentEtags).isEmpty(); // nothing at construction (no SDK call during init)

    var first = cache.current();
    assertThat(first.outcome()).isEqualTo(CatalogCache.Outcome.LOADED);
    assertThat(first.etag()).isEqualTo("\"e1\"");
    clock.advance(TTL.minusSeconds(1));
    var second = cache.current();
    assertThat(second.outcome()).isEqualTo(CatalogCache.Outcome.CACHED);
    assertThat(second.ageMillis()).isEqualTo(TTL.minusSeconds(1).toMillis());
    assertThat(second.catalog()).isSameAs(first.catalog());
    assertThat(source.sentEtags).containsExactly((String) null);
  }

  @Test
  void afterTheTtlRechecksWithTheEtagAndKeepsTheCopyOn304() {
    source.then(found(V1, "\"e1\"")).then(new CatalogSource.NotModified());
    Catalog loaded = cache.current().catalog();
    clock.advance(TTL);

    var lookup = cache.current();
    assertThat(lookup.outcome()).isEqualTo(CatalogCache.Outcome.NOT_MODIFIED);
    assertThat(lookup.catalog()).isSameAs(loaded);
    assertThat(lookup.ageMillis()).isZero(); // just confirmed current
    assertThat(source.sentEtags).containsExactly(null, "\"e1\"");
    clock.advance(TTL.minusSeconds(1));
    assertThat(cache.current().outcome()).isEqualTo(CatalogCache.Outcome.CACHED); // a 304 renews the TTL
  }

  @Test
  void afterTheTtlLoadsAChangedDocument() {
    source.then(found(V1, "\"e1\"")).then(found(V2, "\"e2\"")).then(new CatalogSource.NotModified());
    assertThat(team()).isEqualTo("payments");
    clock.advance(TTL);
    assertThat(team()).isEqualTo("checkout");
    clock.advance(TTL);
    assertThat(team()).isEqualTo("checkout");
    assertThat(source.sentEtags).containsExactly(null, "\"e1\"", "\"e2\"");
  }

  @Test
  void aMalformedDocumentKeepsTheLastGoodCopyUntilFixed() {
    source.then(found(V1, "\"e1\""))
        .then(found("{\"formatVersion\":1,\"networkZones\":[{\"cidr\":\"bogus\",\"zone\":\"x\"}]}", "\"bad\""))
        .then(new CatalogSource.NotModified())
        .then(found(V2, "\"e2\""));
    assertThat(team()).isEqualTo("payments");
    clock.advance(TTL);
    var malformed = cache.current();
    assertThat(malformed.outcome()).isEqualTo(CatalogCache.Outcome.MALFORMED);
    assertThat(malformed.catalog().service("orders").team()).isEqualTo("payments");
    assertThat(malformed.etag()).isEqualTo("\"e1\""); // the copy in use

    clock.advance(TTL); // the bad document is unchanged: 304 on its ETag, still malformed, still the old copy
    var stillBad = cache.current();
    assertThat(stillBad.outcome()).isEqualTo(CatalogCache.Outcome.MALFORMED);
    assertThat(stillBad.catalog().service("orders").team()).isEqualTo("payments");

    clock.advance(TTL);
    assertThat(team()).isEqualTo("checkout");
    assertThat(source.sentEtags).containsExactly(null, "\"e1\"", "\"bad\"", "\"bad\"");
  }

  @Test
  void aDocumentThatIsNotJsonKeepsTheLastGoodCopy() {
    source.then(found(V1, "\"e1\"")).then(found("<html>oops</html>", "\"html\""));
    team();
    clock.advance(TTL);
    var lookup = cache.current();
    assertThat(lookup.outcome()).isEqualTo(CatalogCache.Outcome.MALFORMED);
    assertThat(lookup.catalog().service("orders").team()).isEqualTo("payments");
  }

  @Test
  void anUnusableDocumentCountsAsMalformed() {
    source.then(found(V1, "\"e1\"")).then(new CatalogSource.Unusable("\"big\"", "too large"));
    team();
    clock.advance(TTL);
    var lookup = cache.current();
    assertThat(lookup.outcome()).isEqualTo(CatalogCache.Outcome.MALFORMED);
    assertThat(lookup.catalog().service("orders").team()).isEqualTo("payments");
  }

  @Test
  void aMissingDocumentKeepsTheLastGoodCopyAndFetchesUnconditionallyNextTime() {
    source.then(found(V1, "\"e1\"")).then(new CatalogSource.Missing("NoSuchKey")).then(found(V1, "\"e1\""));
    team();
    clock.advance(TTL);
    var lookup = cache.current();
    assertThat(lookup.outcome()).isEqualTo(CatalogCache.Outcome.MISSING);
    assertThat(lookup.catalog().service("orders").team()).isEqualTo("payments");
    clock.advance(TTL);
    assertThat(cache.current().outcome()).isEqualTo(CatalogCache.Outcome.LOADED);
    assertThat(source.sentEtags).containsExactly(null, "\"e1\"", null);
  }

  @Test
  void anUnavailableStoreKeepsTheCopyAndIsRetriedSoonerThanTheTtl() {
    source.then(found(V1, "\"e1\""))
        .then(new CatalogSource.CatalogUnavailableException("S3 answered 503 SlowDown", null))
        .then(new IllegalStateException("unexpected"))
        .then(new CatalogSource.NotModified());
    team();
    clock.advance(TTL);
    var lookup = cache.current();
    assertThat(lookup.outcome()).isEqualTo(CatalogCache.Outcome.UNAVAILABLE);
    assertThat(lookup.catalog().service("orders").team()).isEqualTo("payments");

    clock.advance(Duration.ofSeconds(29));
    assertThat(cache.current().outcome()).isEqualTo(CatalogCache.Outcome.CACHED);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.current().outcome()).isEqualTo(CatalogCache.Outcome.UNAVAILABLE); // any exception is contained
    clock.advance(Duration.ofSeconds(30));
    assertThat(cache.current().outcome()).isEqualTo(CatalogCache.Outcome.NOT_MODIFIED);
  }

  @Test
  void withNoCopyAtAllServesTheEmptyCatalog() {
    source.then(new CatalogSource.Missing("NoSuchBucket"))
        .then(new CatalogSource.CatalogUnavailableException("timeout", null))
        .then(found("{", "\"x\""));
    assertThat(cache.current().catalog()).isSameAs(Catalog.EMPTY);
    clock.advance(TTL);
    var unavailable = cache.current();
    assertThat(unavailable.catalog()).isSameAs(Catalog.EMPTY);
    assertThat(unavailable.ageMillis()).isEqualTo(-1);
    clock.advance(TTL);
    assertThat(cache.current().catalog()).isSameAs(Catalog.EMPTY);
  }

  @Test
  void aZeroTtlChecksOnEveryInvocation() {
    ScriptedSource s = new ScriptedSource().then(found(V1, "\"e1\"")).then(new CatalogSource.NotModified())
        .then(new CatalogSource.NotModified());
    CatalogCache everyTime = new CatalogCache(s, Duration.ZERO, clock);
    everyTime.current();
    everyTime.current();
    everyTime.current();
    assertThat(s.sentEtags).containsExactly(null, "\"e1\"", "\"e1\"");
  }
}
