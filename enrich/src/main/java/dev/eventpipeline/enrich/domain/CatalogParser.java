package dev.eventpipeline.enrich.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the catalog document (format in docs/enrich.md). Validation is all-or-nothing: one bad
 * entry rejects the whole document, so a half-applied catalog never silently mislabels records;
 * the cache then keeps its last good copy.
 */
public final class CatalogParser {
  public static final int FORMAT_VERSION = 1;

  private CatalogParser() {}

  public static Catalog parse(byte[] document) throws MalformedCatalogException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(document);
    } catch (JsonProcessingException e) {
      throw new MalformedCatalogException("not valid JSON (line " + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      throw new MalformedCatalogException("unreadable: " + e.getClass().getSimpleName());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedCatalogException("the document is not a JSON object");
    }
    JsonNode version = root.get("formatVersion");
    if (version == null || !version.isInt() || version.intValue() != FORMAT_VERSION) {
      throw new MalformedCatalogException("formatVersion must be " + FORMAT_VERSION);
    }
    Map<String, ServiceInfo> services = new HashMap<>();
    int serviceCount = parseServices(root.get("services"), services);
    ZoneTable zones = parseZones(root.get("networkZones"));
    return new Catalog(services, zones, serviceCount);
  }

  private static int parseServices(JsonNode node, Map<String, ServiceInfo> out) throws MalformedCatalogException {
    if (node == null || node.isNull()) {
      return 0;
    }
    if (!node.isObject()) {
      throw new MalformedCatalogException("services must be an object of service name → entry");
    }
    int count = 0;
    for (var it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      String name = e.getKey().trim();
      String where = "services[\"" + name + "\"]";
      if (name.isEmpty()) {
        throw new MalformedCatalogException("services has an empty service name");
      }
      JsonNode entry = e.getValue();
      if (!entry.isObject()) {
        throw new MalformedCatalogException(where + " must be an object");
      }
      ServiceInfo info = new ServiceInfo(text(entry, "team", where), text(entry, "tier", where),
          text(entry, "onCall", where));
      register(out, name, info, where);
      JsonNode aliases = entry.get("aliases");
      if (aliases != null && !aliases.isNull()) {
        if (!aliases.isArray()) {
          throw new MalformedCatalogException(where + ".aliases must be an array of strings");
        }
        for (JsonNode alias : aliases) {
          if (!alias.isTextual() || alias.textValue().isBlank()) {
            throw new MalformedCatalogException(where + ".aliases must be an array of non-empty strings");
          }
          register(out, alias.textValue().trim(), info, where + ".aliases");
        }
      }
      count++;
    }
    return count;
  }

  private static void register(Map<String, ServiceInfo> out, String name, ServiceInfo info, String where)
      throws MalformedCatalogException {
    if (out.putIfAbsent(name.toLowerCase(Locale.ROOT), info) != null) {
      throw new MalformedCatalogException(where + ": the name \"" + name + "\" is already used (names and aliases ignore case)");
    }
  }

  private static String text(JsonNode entry, String field, String where) throws MalformedCatalogException {
    JsonNode v = entry.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new MalformedCatalogException(where + "." + field + " must be a string");
    }
    String s = v.textValue().trim();
    return s.isEmpty() ? null : s;
  }

  private static ZoneTable parseZones(JsonNode node) throws MalformedCatalogException {
    if (node == null || node.isNull()) {
      return ZoneTable.EMPTY;
    }
    if (!node.isArray()) {
      throw new MalformedCatalogException("networkZones must be an array of {cidr, zone}");
    }
    List<ZoneTable.Cidr> cidrs = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode entry = node.get(i);
      String where = "networkZones[" + i + "]";
      if (!entry.isObject()) {
        throw new MalformedCatalogException(where + " must be an object {cidr, zone}");
      }
      String cidr = text(entry, "cidr", where);
      String zone = text(entry, "zone", where);
      if (cidr == null || zone == null) {
        throw new MalformedCatalogException(where + " needs a cidr and a zone");
      }
      try {
        cidrs.add(ZoneTable.parseCidr(cidr, zone));
      } catch (IllegalArgumentException e) {
        throw new MalformedCatalogException(where + ".cidr \"" + cidr + "\": " + e.getMessage());
      }
    }
    try {
      return ZoneTable.of(cidrs);
    } catch (IllegalArgumentException e) {
      throw new MalformedCatalogException("networkZones: " + e.getMessage());
    }
  }
}
