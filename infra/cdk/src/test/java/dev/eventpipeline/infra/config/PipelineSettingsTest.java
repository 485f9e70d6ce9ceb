package dev.eventpipeline.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.settings.MaskPolicy;
import dev.eventpipeline.settings.PolicyException;
import dev.eventpipeline.settings.ThumbnailSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings from context: defaults, JSON and string values, and clear errors naming the key. */
class PipelineSettingsTest {
  private static PipelineSettings read(Map<String, Object> context) {
    return PipelineSettings.read(new ContextReader(new HashMap<>(context)::get), "1.2.3");
  }

  @Test
  void defaultsApplyWhenContextIsEmpty() {
    PipelineSettings s = read(Map.of());
    assertThat(s.pipelineVersion()).isEqualTo("1.2.3");
    assertThat(s.shardCount()).isEqualTo(1);
    assertThat(s.streamRetentionHours()).isEqualTo(24);
    assertThat(s.maxReceiveCount()).isEqualTo(5);
    assertThat(s.codeSigning()).isEqualTo(PipelineSettings.CodeSigning.OFF);
    assertThat(s.canaryDeploymentConfig()).isEmpty();
    assertThat(s.function(FunctionId.THUMBNAIL)).isEqualTo(new FunctionSettings(2048, 120, 0, 5, 0, 10));
    assertThat(s.function(FunctionId.SUBSCRIPTIONS_API)).isEqualTo(new FunctionSettings(512, 15, 5, 0, 0, 0));
  }

  @Test
  void acceptsJsonNumbersAndBooleansAndCommandLineStrings() {
    PipelineSettings s = read(Map.of("streams.shardCount", 4, "retainData", "false",
        "mask.memoryMiB", "2048", "streams.mode", "on_demand"));
    assertThat(s.shardCount()).isEqualTo(4);
    assertThat(s.retainData()).isFalse();
    assertThat(s.function(FunctionId.MASK).memoryMiB()).isEqualTo(2048);
    assertThat(s.streamMode()).isEqualTo(PipelineSettings.StreamCapacity.ON_DEMAND);
  }

  @Test
  void webhookPortsDefaultToTheDocumentedListAndAreNormalized() {
    assertThat(read(Map.of()).webhooks().allowedPorts()).isEqualTo("80,443,8080,8443");
    assertThat(read(Map.of("notify.webhookAllowedPorts", "8443, 443")).webhooks().allowedPorts()).isEqualTo("443,8443");
    assertThat(read(Map.of("notify.webhookAllowedPorts", 443)).webhooks().allowedPorts()).isEqualTo("443");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"443,https", "0", "443,70000", "443,,8443"})
  void refusesWebhookPortsTheFunctionsWouldRefuse(String ports) {
    assertThatThrownBy(() -> read(Map.of("notify.webhookAllowedPorts", ports)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Invalid value for context key notify.webhookAllowedPorts: '")
        .hasMessageContaining("between 1 and 65535");
  }

  @Test
  void subscriptionAdminsAreIamArnsAndNoneByDefault() {
    assertThat(read(Map.of()).webhooks().subscriptionAdmins()).isEmpty();
    assertThat(read(Map.of("notify.subscriptionAdmins", "arn:aws:iam::111122223333:role/ops ,arn:aws:iam::111122223333:root"))
        .webhooks().subscriptionAdmins())
        .containsExactly("arn:aws:iam::111122223333:role/ops", "arn:aws:iam::111122223333:root");
    assertThatThrownBy(() -> read(Map.of("notify.subscriptionAdmins", "ops-team")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Invalid value for context key notify.subscriptionAdmins: 'ops-team' (expected");
  }

  @Test
  void theLogStagesRunOnLambdaUnlessLogComputeSaysFargate() {
    assertThat(read(Map.of()).logCompute()).isEqualTo(PipelineSettings.LogCompute.LAMBDA);
    assertThat(read(Map.of("logCompute", "lambda")).logCompute()).isEqualTo(PipelineSettings.LogCompute.LAMBDA);
    assertThat(read(Map.of("logCompute", "fargate")).logCompute()).isEqualTo(PipelineSettings.LogCompute.FARGATE);
    assertThat(read(Map.of("logCompute", " Fargate ")).logCompute()).isEqualTo(PipelineSettings.LogCompute.FARGATE);
    assertThatThrownBy(() -> read(Map.of("logCompute", "ecs")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Invalid value for context key logCompute: 'ecs' (expected lambda or fargate)");
  }

  @Test
  void theLogsWorkerDefaultsToOneVcpuTwoGibAndOneToFourTasksAtSixtyPercentCpu() {
    assertThat(read(Map.of()).logsWorker()).isEqualTo(new PipelineSettings.LogsWorker(1024, 2048, 1, 4, 60));
    assertThat(read(Map.of("logsWorker.cpu", 256, "logsWorker.memoryMiB", "512", "logsWorker.minTasks", "3",
        "logsWorker.maxTasks", "3", "logsWorker.targetCpuPercent", 75)).logsWorker())
        .isEqualTo(new PipelineSettings.LogsWorker(256, 512, 3, 3, 75));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "logsWorker.cpu=1000: expected one of Fargate's task sizes [256, 512, 1024, 2048, 4096, 8192, 16384]",
      "logsWorker.memoryMiB=1024: with logsWorker.cpu = 1024 Fargate offers 2048 to 8192 in steps of 1024 MiB",
      "logsWorker.memoryMiB=2500: with logsWorker.cpu = 1024 Fargate offers 2048 to 8192 in steps of 1024 MiB",
      "logsWorker.minTasks=0: expected an integer from 1 to 100",
      "logsWorker.maxTasks=0: expected an integer from 1 to 100",
      "logsWorker.targetCpuPercent=95: expected an integer from 10 to 90"})
  void refusesTaskSizesFargateDoesNotOfferAndBoundsOutOfRange(String keyValueAndMessage) {
    String key = keyValueAndMessage.substring(0, keyValueAndMessage.indexOf('='));
    String value = keyValueAndMessage.substring(key.length() + 1, keyValueAndMessage.indexOf(':'));
    assertThatThrownBy(() -> read(Map.of(key, value)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Invalid value for context key " + key + ": '" + value + "' ("
            + keyValueAndMessage.substring(keyValueAndMessage.indexOf(':') + 2) + ")");
    assertThatThrownBy(() -> read(Map.of("logsWorker.cpu", "256", "logsWorker.memoryMiB", "1536")))
        .hasMessageContaining("Fargate offers [512, 1024, 2048] MiB");
    assertThatThrownBy(() -> read(Map.of("logsWorker.minTasks", "5")))
        .hasMessage("Invalid value for context key logsWorker.maxTasks: '4' (must not be below logsWorker.minTasks = 5)");
  }

  @Test
  void rawQuarantineCopiesAreOffByDefaultAndExpireAfterSevenDaysWhenOn() {
    assertThat(read(Map.of()).quarantineRaw())
        .isEqualTo(new PipelineSettings.QuarantineRaw(false, 7, java.util.List.of()));
    PipelineSettings.QuarantineRaw on = read(Map.of("quarantineRaw", "true", "quarantineRaw.expirationDays", "2",
        "quarantineRaw.readerPrincipals", "arn:aws:iam::111122223333:role/ir , arn:aws:iam::111122223333:root"))
        .quarantineRaw();
    assertThat(on.enabled()).isTrue();
    assertThat(on.expirationDays()).isEqualTo(2);
    assertThat(on.readerPrincipals())
        .containsExactly("arn:aws:iam::111122223333:role/ir", "arn:aws:iam::111122223333:root");
  }

  @Test
  void refusesToKeepRawCopiesLongerThanSevenDays() {
    assertThatThrownBy(() -> read(Map.of("quarantineRaw", true, "quarantineRaw.expirationDays", 8)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Invalid value for context key quarantineRaw.expirationDays: '8' (expected 1 to 7 days: raw"
            + " copies hold unmasked data and are never kept longer)");
    assertThatThrownBy(() -> read(Map.of("quarantineRaw.expirationDays", 0)))
        .hasMessageContaining("quarantineRaw.expirationDays");
  }

  @Test
  void refusesAReaderThatIsNotAnIamPrincipalArn() {
    assertThatThrownBy(() -> read(Map.of("quarantineRaw.readerPrincipals", "alice")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("quarantineRaw.readerPrincipals").hasMessageContaining("'alice'");
    assertThatThrownBy(() -> read(Map.of("quarantineRaw.readerPrincipals", "arn:aws:s3:::bucket")))
        .hasMessageContaining("quarantineRaw.readerPrincipals");
  }

  @Test
  void rejectsANonIntegerNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of("ingest.timeoutSeconds", "ten")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Invalid value for context key ingest.timeoutSeconds: 'ten' (expected an integer)");
    assertThatThrownBy(() -> read(Map.of("ingest.timeoutSeconds", 1.5)))
        .hasMessageContaining("ingest.timeoutSeconds");
  }

  @Test
  void rejectsALambdaTimeoutAboveFifteenMinutes() {
    assertThatThrownBy(() -> read(Map.of("mask.timeoutSeconds", 901)))
        .hasMessageContaining("mask.timeoutSeconds").hasMessageContaining("from 1 to 900");
  }

  @Test
  void rejectsALogRetentionCloudWatchDoesNotOffer() {
    assertThatThrownBy(() -> read(Map.of("logRetentionDays", 10)))
        .hasMessageContaining("logRetentionDays").hasMessageContaining("14");
  }

  @Test
  void rejectsARecordAgeBeyondTheStreamRetention() {
    assertThatThrownBy(() -> read(Map.of("kinesis.maxRecordAgeSeconds", 90000)))
        .hasMessageContaining("kinesis.maxRecordAgeSeconds").hasMessageContaining("streams.retentionHours");
    assertThat(read(Map.of("kinesis.maxRecordAgeSeconds", 90000, "streams.retentionHours", 48))
        .kinesisMaxRecordAgeSeconds()).isEqualTo(90000);
  }

  @Test
  void rejectsAnSqsMaximumConcurrencyAboveTheReservedConcurrency() {
    // Pollers beyond the reserved concurrency would be throttled and drive messages into the DLQ.
    assertThatThrownBy(() -> read(Map.of("notify.maxConcurrency", 8)))
        .hasMessageContaining("notify.maxConcurrency").hasMessageContaining("notify.reservedConcurrency = 5");
    assertThat(read(Map.of("notify.maxConcurrency", 8, "notify.reservedConcurrency", 0))
        .function(FunctionId.NOTIFY).maxConcurrency()).isEqualTo(8);
  }

  @Test
  void rejectsAnSqsBatchOverTenWithoutABatchingWindow() {
    assertThatThrownBy(() -> read(Map.of("thumbnail.batchSize", 20)))
        .hasMessageContaining("thumbnail.batchSize").hasMessageContaining("batchingWindowSeconds");
  }

  @Test
  void rejectsAnUnknownChoiceListingTheValidOnes() {
    assertThatThrownBy(() -> read(Map.of("codeSigning", "sometimes")))
        .hasMessageContaining("codeSigning").hasMessageContaining("ENFORCE");
    assertThatThrownBy(() -> read(Map.of("canary.deploymentConfig", "Canary50Percent")))
        .hasMessageContaining("canary.deploymentConfig").hasMessageContaining("Canary10Percent5Minutes");
    assertThatThrownBy(() -> read(Map.of("archive.storageClass", "TAPE")))
        .hasMessageContaining("archive.storageClass").hasMessageContaining("GLACIER_IR");
  }

  @Test
  void rejectsABadAlarmEmailAndBadThumbnailSizes() {
    assertThatThrownBy(() -> read(Map.of("alarmEmail", "ops"))).hasMessageContaining("alarmEmail");
    assertThatThrownBy(() -> read(Map.of("thumbnail.sizes", "small,large")))
        .hasMessageContaining("thumbnail.sizes");
  }

  @Test
  void remembersEveryKeyItReadWithItsDefault() {
    ContextReader reader = new ContextReader(key -> null);
    PipelineSettings.read(reader, "v");
    assertThat(reader.defaults()).containsEntry("streams.shardCount", 1)
        .containsEntry("notify.reservedConcurrency", 5)
        .containsEntry("alarmEmail", "")
        .doesNotContainKey("subscriptionsApi.batchSize");
  }

  @Test
  void refusesThumbnailSizesTheFunctionWouldRefuseAtItsColdStart() {
    assertThatThrownBy(() -> read(Map.of("thumbnail.sizes", "128,8192")))
        .hasMessageContaining("thumbnail.sizes").hasMessageContaining("1 to 4096");
    assertThatThrownBy(() -> read(Map.of("thumbnail.sizes", "0"))).hasMessageContaining("thumbnail.sizes");
  }

  @Test
  void refusesMoreThanSixteenDistinctThumbnailSizesAsTheFunctionDoes() {
    String seventeen = IntStream.rangeClosed(1, 17).mapToObj(i -> String.valueOf(i * 100)).collect(Collectors.joining(","));
    String sixteenWithRepeats = IntStream.rangeClosed(1, 16).mapToObj(i -> i * 100 + "," + i * 100)
        .collect(Collectors.joining(","));

    assertThatThrownBy(() -> read(Map.of("thumbnail.sizes", seventeen)))
        .hasMessageContaining("thumbnail.sizes").hasMessageContaining("17 distinct sizes, at most 16");
    assertThat(read(Map.of("thumbnail.sizes", sixteenWithRepeats)).thumbnailSizes()).isEqualTo(sixteenWithRepeats);
  }

  @Test
  void refusesAMaskPolicyThatIsNotAJsonObject() {
    assertThatThrownBy(() -> read(Map.of("mask.policy", "{\"EMAIL\": REDACT"))).hasMessageContaining("mask.policy")
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> read(Map.of("mask.policy", "[1]"))).hasMessageContaining("expected a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"small,large", "128,8192", "0", "128,,256", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"})
  void refusesAtSynthTheThumbnailSizesTheFunctionWouldRefuseWithTheSameMessage(String sizes) {
    String functionMessage;
    try {
      ThumbnailSettings.parseSizes(sizes);
      throw new AssertionError("the function accepts " + sizes);
    } catch (IllegalArgumentException e) {
      functionMessage = e.getMessage();
    }

    assertThatThrownBy(() -> read(Map.of("thumbnail.sizes", sizes)))
        .hasMessage("Invalid value for context key thumbnail.sizes: " + functionMessage);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{\"operators\": {\"EMAIL\": \"SCRAMBLE\"}}",
    "{\"operators\": {\"AWS_SECRET_KEY\": \"NONE\"}}",
    "{\"operators\": {\"JWT\": \"PARTIAL\"}}",
    "{\"operators\": {\"CARD\": \"REDACT\"}}",
    "{\"sensitiveKeys\": [\"ab\"]}",
    "{\"version\": 2}",
    "{\"colour\": \"blue\"}"})
  void refusesAtSynthTheMaskPolicyTheFunctionWouldRefuseWithTheSameMessage(String policy) {
    String functionMessage;
    try {
      MaskPolicy.parse(policy);
      throw new AssertionError("the function accepts " + policy);
    } catch (PolicyException e) {
      functionMessage = e.getMessage();
    }

    assertThatThrownBy(() -> read(Map.of("mask.policy", policy)))
        .hasMessage("Invalid value for context key mask.policy: " + functionMessage);
  }
}
