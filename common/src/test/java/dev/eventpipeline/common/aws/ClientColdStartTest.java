package dev.eventpipeline.common.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.config.Env;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What building the functions' clients loads, in a fresh class loader (so nothing the other tests of
 * this JVM loaded counts). Since SDK 2.59 a client's creation no longer goes through
 * {@code ServiceMetadata}, whose provider built the metadata of all 300+ services at once: about 310
 * classes and 450 ms of a cold start's CPU (docs/operations.md, cold start). An SDK downgrade, or code
 * of ours that asks for service metadata again, fails here.
 */
class ClientColdStartTest {

  /** Builds every client the functions use, as a function's init does. Runs inside the fresh loader. */
  public static final class BuildClients implements Supplier<List<String>> {
    @Override
    public List<String> get() {
      AwsClients clients = AwsClients.from(Env.of(Map.of("AWS_REGION", "eu-west-1",
          "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
          "AWS_ENDPOINT_URL", "http://127.0.0.1:1")));
      List<String> built = new ArrayList<>();
      for (AutoCloseable client : List.of(clients.kinesis(), clients.s3(), clients.sns(), clients.sqs(), clients.dynamoDb())) {
        built.add(client.getClass().getSimpleName());
      }
      return built;
    }
  }

  @Test
  void buildingTheClientsLoadsNoServiceMetadata() throws Exception {
    Set<String> loaded = ConcurrentHashMap.newKeySet();
    try (RecordingLoader loader = new RecordingLoader(classPath(), loaded)) {
      @SuppressWarnings("unchecked")
      Supplier<List<String>> build = (Supplier<List<String>>) loader.loadClass(BuildClients.class.getName())
          .getDeclaredConstructor().newInstance();
      assertThat(build.get()).containsExactly("DefaultKinesisClient", "DefaultS3Client", "DefaultSnsClient",
          "DefaultSqsClient", "DefaultDynamoDbClient");
    }
    assertThat(loaded).as("the fresh loader loaded the SDK itself").contains("software.amazon.awssdk.services.kinesis.DefaultKinesisClient");
    assertThat(loaded).filteredOn(name -> name.startsWith("software.amazon.awssdk.regions.servicemetadata.")
        || name.equals("software.amazon.awssdk.regions.GeneratedServiceMetadataProvider")).isEmpty();
  }

  private static URL[] classPath() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toURL());
    }
    return urls.toArray(URL[]::new);
  }

  /** Every class but the JDK's from the class path again, each name recorded. */
  private static final class RecordingLoader extends URLClassLoader {
    private final Set<String> loaded;

    RecordingLoader(URL[] urls, Set<String> loaded) {
      super(urls, ClassLoader.getPlatformClassLoader());
      this.loaded = loaded;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      loaded.add(name);
      return super.findClass(name);
    }
  }
}
