package dev.eventpipeline.common.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.apache.logging.log4j.core.config.plugins.processor.PluginProcessor;

/**
 * Writes the functions' Log4j plugin cache: Log4j's own caches (log4j-core, the JSON template
 * layout, Lambda's appender) with only the plugins our configuration can name.
 *
 * <p>Why: Log4j 2 loads the class of every plugin in its caches when it configures itself (139 "core"
 * plugins alone: Kafka, JDBC, SMTP, rolling files, scripting...; 45 pattern converters; 18 JSON
 * resolvers; 15 lookups, JNDI among them): about 250 classes, a tenth of a cold start's init. The build runs this at {@code process-classes} into common's classes; the function
 * jars take this cache instead of the three upstream ones (the parent pom's shade filters), so a
 * function loads only what it configures. Tests, the CLI and the local cloud keep the full caches.
 *
 * <p>If a future configuration names a plugin not kept here, Log4j reports it on stderr and the
 * functions' {@code DeploymentPackageIT} (which logs through the packaged jar) fails.
 */
public final class PluginCacheTrimmer {
  /** The "core" plugins {@code log4j2.properties} uses, directly or as Lambda's appender's defaults. */
  static final Set<String> CORE = Set.of(
      "appenders", "appenderref", "appender-ref", "loggers", "logger", "root", "properties", "property",
      "lambda", "lambdajsonformat", "lambdatextformat", "jsontemplatelayout", "eventtemplateadditionalfield",
      "patternlayout");
  /**
   * Categories dropped whole: configuration watchers (we never reload) and PatternLayout's converters
   * (Lambda's appender is configured with format=JSON, so no pattern is ever parsed).
   */
  static final Set<String> DROPPED_CATEGORIES = Set.of("watcher", "converter", "fileconverter");
  /** The one configuration format the functions use. */
  static final Set<String> CONFIGURATION_FACTORIES = Set.of("propertiesconfigurationfactory");
  /** The lookups log4j2.properties uses ({@code ${env:...}}), and system properties. */
  static final Set<String> LOOKUPS = Set.of("env", "sys");
  /** The resolvers EventPipelineLayout.json uses (the "mdc" resolver is the thread-context-data one). */
  static final Set<String> RESOLVERS = Set.of("timestampresolverfactory", "levelresolverfactory",
      "messageresolverfactory", "loggerresolverfactory", "exceptionresolverfactory",
      "threadcontextdataresolverfactory");

  private PluginCacheTrimmer() {}

  /** {@code args[0]}: the classes directory to write META-INF/.../Log4j2Plugins.dat into. */
  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[0]).resolve(PluginProcessor.PLUGIN_CACHE_FILE);
    PluginCache cache = trimmed(upstreamCaches(target));
    Files.createDirectories(target.getParent());
    try (OutputStream out = Files.newOutputStream(target)) {
      cache.writeCache(out);
    }
    System.out.printf("Log4j plugin cache for the functions: %s (%s)%n", target, summary(cache));
  }

  /** Every Log4j2Plugins.dat on the class path but the one we write. */
  static List<URL> upstreamCaches(Path ours) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (URL url : Collections.list(PluginCacheTrimmer.class.getClassLoader()
        .getResources(PluginProcessor.PLUGIN_CACHE_FILE))) {
      if (!"file".equals(url.getProtocol()) || !Path.of(url.getPath()).equals(ours.toAbsolutePath())) {
        urls.add(url);
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalStateException("No Log4j plugin cache on the class path");
    }
    return urls;
  }

  static PluginCache trimmed(List<URL> caches) throws IOException {
    PluginCache cache = new PluginCache();
    cache.loadCacheFiles(Collections.enumeration(caches));
    Map<String, Map<String, PluginEntry>> categories = cache.getAllCategories();
    categories.keySet().removeAll(DROPPED_CATEGORIES);
    Set<String> missing = new TreeSet<>();
    missing.addAll(absent(cache, "core", CORE));
    missing.addAll(absent(cache, "lookup", LOOKUPS));
    missing.addAll(absent(cache, "jsontemplateresolverfactory", RESOLVERS));
    missing.addAll(absent(cache, "configurationfactory", CONFIGURATION_FACTORIES));
    if (!missing.isEmpty()) {
      throw new IllegalStateException("Plugins our configuration needs are not in Log4j's caches: " + missing);
    }
    cache.getCategory("core").keySet().retainAll(CORE);
    cache.getCategory("configurationfactory").keySet().retainAll(CONFIGURATION_FACTORIES);
    cache.getCategory("lookup").keySet().retainAll(LOOKUPS);
    cache.getCategory("jsontemplateresolverfactory").keySet().retainAll(RESOLVERS);
    return cache;
  }

  private static Set<String> absent(PluginCache cache, String category, Set<String> wanted) {
    Set<String> absent = new TreeSet<>(wanted);
    absent.removeAll(cache.getCategory(category).keySet());
    return absent;
  }

  static String summary(PluginCache cache) {
    StringBuilder s = new StringBuilder();
    cache.getAllCategories().forEach((name, entries) ->
        s.append(s.length() == 0 ? "" : ", ").append(name).append(' ').append(entries.size()));
    return s.toString();
  }
}
