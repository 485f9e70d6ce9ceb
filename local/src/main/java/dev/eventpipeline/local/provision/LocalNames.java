package dev.eventpipeline.local.provision;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Physical names for resources the template leaves unnamed, deterministic so that `up` against a
 * backend that already holds the stack reuses it: "&lt;Stack&gt;-&lt;LogicalId without the CDK's hash&gt;",
 * falling back to the full logical id when two resources would share a name.
 */
final class LocalNames {
  private static final Pattern CDK_HASH = Pattern.compile("[0-9A-F]{8}$");
  private final String stack;
  private final Set<String> used = new HashSet<>();

  LocalNames(String stack) {
    this.stack = stack;
  }

  /** The name for a resource type that allows mixed case, '-' and '_' (streams, queues, topics, tables, functions). */
  String name(String logicalId, int maxLength) {
    return unique(stack + "-" + human(logicalId), stack + "-" + logicalId, maxLength, false);
  }

  /** An S3 bucket name: lowercase, 3 to 63 characters. */
  String bucket(String logicalId) {
    return unique(stack + "-" + human(logicalId), stack + "-" + logicalId, 63, true);
  }

  /** Records an explicit name so that generated ones never collide with it. */
  String explicit(String name) {
    used.add(name.toLowerCase(Locale.ROOT));
    return name;
  }

  static String human(String logicalId) {
    String stripped = CDK_HASH.matcher(logicalId).replaceFirst("");
    return stripped.isEmpty() ? logicalId : stripped;
  }

  private String unique(String preferred, String full, int maxLength, boolean lowercase) {
    for (String candidate : new String[] {preferred, full}) {
      String name = fit(lowercase ? candidate.toLowerCase(Locale.ROOT) : candidate, maxLength);
      if (used.add(name.toLowerCase(Locale.ROOT))) {
        return name;
      }
    }
    throw new IllegalStateException("Two resources share the local name " + full);
  }

  private static String fit(String name, int maxLength) {
    if (name.length() <= maxLength) {
      return name;
    }
    String hash = Integer.toHexString(name.hashCode());
    return name.substring(0, maxLength - hash.length() - 1) + "-" + hash;
  }
}
