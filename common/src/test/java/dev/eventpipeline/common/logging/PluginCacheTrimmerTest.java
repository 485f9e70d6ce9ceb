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
    assertThat(cache.getCategory("lookup").keySet()).contains("env", "sys").doesNotContain("jndi");
    assertThat(cache.getAllCategories()).doesNotContainKey("watcher");
    // the JSON template layout's resolvers and the attribute converters stay whole
    assertThat(cache.getCategory("jsontemplateresolverfactory")).hasSizeGreaterThanOrEqualTo(10);
    assertThat(cache.getCategory("typeconverter").keySet()).contains("string", "boolean", "level");
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
