package dev.eventpipeline.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.net.URL;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.junit.jupiter.api.Test;

class PluginCacheTrimmerTest {
  private final Path ours = Path.of("target", "classes", "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat");

  @Test
  void keepsWhatTheConfigurationNamesAndDropsTheRest() throws Exception {
    PluginCache cache = PluginCacheTrimmer.trimmed(PluginCacheTrimmer.upstreamCaches(ours));
    assertThat(cache.getCategory("core").keySet()).containsExactlyInAnyOrderElementsOf(PluginCacheTrimmer.CORE);
    assertThat(cache.getCategory("configurationfactory").keySet()).containsExactly("propertiesconfigurationfactory");
    assertThat(cache.getCategory("lookup").keySet()).containsExactlyInAnyOrder("env", "sys");
    assertThat(cache.getAllCategories()).doesNotContainKeys("watcher", "converter", "fileconverter");
    assertThat(cache.getCategory("jsontemplateresolverfactory").keySet())
        .containsExactlyInAnyOrderElementsOf(PluginCacheTrimmer.RESOLVERS);
    // the attribute converters and the layout's interceptors stay whole
    assertThat(cache.getCategory("typeconverter").keySet()).contains("string", "boolean", "level");
    assertThat(cache.getCategory("jsontemplateresolverinterceptor")).isNotEmpty();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    cache.writeCache(bytes);
    assertThat(bytes.size()).isPositive();
  }

  @Test
  void readsOnlyLog4jsOwnCachesNeverTheOneItWrites() throws Exception {
    List<URL> caches = PluginCacheTrimmer.upstreamCaches(ours.toAbsolutePath());
    assertThat(caches).isNotEmpty().allSatisfy(url -> assertThat(url.getProtocol()).isEqualTo("jar"));
  }
}
