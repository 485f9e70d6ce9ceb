package dev.eventpipeline.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * The access keys the local cloud's backend has issued, for {@link SigV4Verifier}: the local cloud's
 * own default credentials (the account root), every access key of an IAM user
 * ({@code aws iam create-access-key}) and every set of temporary credentials from
 * {@code sts assume-role}. IAM's API never returns a secret again, so secrets are read from moto's
 * internal state ({@code GET /moto-api/data.json}), when a key id is not known yet; whether a user's key
 * still exists and is Active is asked of IAM itself (ListAccessKeys), at most every two seconds per key,
 * because moto's state keeps deleted keys. A backend without {@code /moto-api/} (LocalStack, another
 * endpoint) leaves only the default credentials.
 */
public final class LocalIamKeys implements Function<String, Optional<AccessKey>> {
  private static final Duration ALIVE_FOR = Duration.ofSeconds(2);

  private record Entry(AccessKey key, String userName) {}

  private record Alive(boolean alive, Instant checked) {}

  private final URI endpoint;
  private final AccessKey defaultKey;
  private final IamClient iam;
  private final HttpClient http;
  private final Consumer<String> log;
  private final Clock clock;
  private final Map<String, Entry> known = new ConcurrentHashMap<>();
  private final Map<String, Alive> alive = new ConcurrentHashMap<>();
  private final Object refreshing = new Object();
  /** System.nanoTime() when the last read of moto's state started. */
  private long lastRefreshStarted = Long.MIN_VALUE;
  private boolean stateUnavailableReported;

  /**
   * @param endpoint the backend (moto), whose {@code /moto-api/data.json} holds the secrets
   * @param defaultAccessKey the local cloud's own access key id, treated as the account root
   * @param iam an IAM client for the backend
   * @param log where to say once that the backend's state cannot be read
   */
  public LocalIamKeys(URI endpoint, String accountId, String defaultAccessKey, String defaultSecret, IamClient iam,
      Consumer<String> log, Clock clock) {
    this.endpoint = endpoint;
    this.defaultKey = new AccessKey(defaultAccessKey, defaultSecret, null,
        CallerIdentity.root(defaultAccessKey, accountId));
    this.iam = iam;
    this.log = log;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public Optional<AccessKey> apply(String accessKeyId) {
    if (accessKeyId.equals(defaultKey.accessKeyId())) {
      return Optional.of(defaultKey);
    }
    Entry entry = known.get(accessKeyId);
    if (entry == null) {
      refresh();
      entry = known.get(accessKeyId);
    }
    if (entry == null) {
      return Optional.empty();
    }
    return entry.userName() == null || isActive(accessKeyId, entry.userName()) ? Optional.of(entry.key()) : Optional.empty();
  }

  /** Whether the user's key still exists and is Active (deleted keys stay in moto's state). */
  private boolean isActive(String accessKeyId, String userName) {
    Instant now = clock.instant();
    Alive cached = alive.get(accessKeyId);
    if (cached != null && cached.checked().plus(ALIVE_FOR).isAfter(now)) {
      return cached.alive();
    }
    boolean active;
    try {
      active = iam.listAccessKeysPaginator(b -> b.userName(userName)).accessKeyMetadata().stream()
          .anyMatch(k -> k.accessKeyId().equals(accessKeyId) && k.status() == StatusType.ACTIVE);
    } catch (NoSuchEntityException deleted) {
      active = false;
    }
    alive.put(accessKeyId, new Alive(active, now));
    return active;
  }

  /**
   * Reads every key moto has issued. Coalesced: a miss waiting while another read runs uses the next
   * read that starts after it asked, never one that started before (a key created just before the miss
   * is always seen).
   */
  private void refresh() {
    long asked = System.nanoTime();
    synchronized (refreshing) {
      if (lastRefreshStarted != Long.MIN_VALUE && lastRefreshStarted - asked > 0) {
        return;
      }
      lastRefreshStarted = System.nanoTime();
      JsonNode state;
      try {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json"))
            .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode());
        }
        state = Json.MAPPER.readTree(response.body());
      } catch (IOException e) {
        reportUnavailable(e.getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Map<String, JsonNode> users = new ConcurrentHashMap<>();
      for (JsonNode user : state.path("iam").path("User")) {
        users.put(user.path("name").asText(), user);
      }
      for (JsonNode key : state.path("iam").path("AccessKey")) {
        JsonNode user = users.get(key.path("user_name").asText());
        if (user == null || !key.hasNonNull("access_key_id") || !key.hasNonNull("secret_access_key")) {
          continue;
        }
        String id = key.path("access_key_id").asText();
        CallerIdentity caller = new CallerIdentity(id, user.path("account_id").asText(), user.path("id").asText(),
            user.path("arn").asText(), user.path("id").asText());
        known.put(id, new Entry(new AccessKey(id, key.path("secret_access_key").asText(), null, caller),
            user.path("name").asText()));
      }
      for (JsonNode role : state.path("sts").path("AssumedRole")) {
        if (!role.hasNonNull("access_key_id") || !role.hasNonNull("secret_access_key")) {
          continue;
        }
        String id = role.path("access_key_id").asText();
        CallerIdentity caller = new CallerIdentity(id, role.path("account_id").asText(), role.path("user_id").asText(),
            role.path("arn").asText(), role.path("user_id").asText());
        known.put(id, new Entry(new AccessKey(id, role.path("secret_access_key").asText(),
            role.path("session_token").asText(null), caller), null));
      }
    }
  }

  private void reportUnavailable(String why) {
    if (!stateUnavailableReported) {
      stateUnavailableReported = true;
      log.accept("function URLs (AWS_IAM): cannot read the backend's IAM keys from " + endpoint.resolve("/moto-api/data.json")
          + " (" + why + "): only the local cloud's default credentials are accepted");
    }
  }
}
