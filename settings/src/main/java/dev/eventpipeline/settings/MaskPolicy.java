package dev.eventpipeline.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which operator masks each detector type, and extra sensitive keys. As JSON:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "operators": { "EMAIL": "HASH", "CREDIT_CARD": "PARTIAL", "IPV4": "NONE" },
 *   "sensitiveKeys": ["x-session-key"]
 * }
 * }</pre>
 *
 * Types left out keep the built-in default (every type REDACT, CREDIT_CARD PARTIAL). Credential
 * types can only be REDACT or HASH: a policy cannot switch off or partly reveal a credential.
 */
public final class MaskPolicy {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final Set<String> FIELDS = Set.of("version", "description", "operators", "sensitiveKeys");

  private final Map<DetectorType, Operator> operators;
  /** operators by ordinal: the hot path looks one up per masked value */
  private final Operator[] byOrdinal = new Operator[DetectorType.values().length];
  private final List<String> sensitiveKeys;

  private MaskPolicy(Map<DetectorType, Operator> operators, List<String> sensitiveKeys) {
    this.operators = Collections.unmodifiableMap(new EnumMap<>(operators));
    this.sensitiveKeys = List.copyOf(sensitiveKeys);
    operators.forEach((type, op) -> byOrdinal[type.ordinal()] = op);
  }

  /** The built-in policy: everything REDACT, cards PARTIAL (last 4 digits). */
  public static MaskPolicy defaults() {
    return new MaskPolicy(defaultOperators(), List.of());
  }

  private static Map<DetectorType, Operator> defaultOperators() {
    Map<DetectorType, Operator> map = new EnumMap<>(DetectorType.class);
    for (DetectorType t : DetectorType.values()) {
      map.put(t, Operator.REDACT);
    }
    map.put(DetectorType.CREDIT_CARD, Operator.PARTIAL);
    return map;
  }

  /**
   * Parses a policy document.
   *
   * @throws PolicyException naming the problem (JSON syntax with line and column, unknown field,
   *     unknown type or operator, an operator not allowed for a type)
   */
  public static MaskPolicy parse(String json) {
    JsonNode root;
    try {
      root = STRICT.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new PolicyException("Invalid masking policy: not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new PolicyException("Invalid masking policy: the document is empty");
    }
    if (!root.isObject()) {
      throw new PolicyException("Invalid masking policy: expected a JSON object, found " + kind(root));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new PolicyException("Invalid masking policy: unknown field '" + field + "' (expected "
            + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    JsonNode version = root.get("version");
    if (version != null && !(version.isInt() && version.asInt() == 1)) {
      throw new PolicyException("Invalid masking policy: unsupported version " + version + " (expected 1)");
    }
    JsonNode description = root.get("description");
    if (description != null && !description.isTextual()) {
      throw new PolicyException("Invalid masking policy: 'description' must be a string");
    }
    Map<DetectorType, Operator> operators = defaultOperators();
    JsonNode ops = root.get("operators");
    if (ops != null) {
      if (!ops.isObject()) {
        throw new PolicyException("Invalid masking policy: 'operators' must be an object of TYPE: OPERATOR, found "
            + kind(ops));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = ops.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        DetectorType type = parseType(e.getKey());
        Operator op = parseOperator(type, e.getValue());
        if (type.credential() && op == Operator.NONE) {
          throw new PolicyException("Invalid masking policy: " + type + " is a credential type and cannot be NONE"
              + " (use REDACT or HASH)");
        }
        if (op == Operator.PARTIAL && !type.allowsPartial()) {
          throw new PolicyException("Invalid masking policy: PARTIAL would reveal part of a credential; " + type
              + " must be REDACT or HASH");
        }
        operators.put(type, op);
      }
    }
    List<String> keys = new ArrayList<>();
    JsonNode sk = root.get("sensitiveKeys");
    if (sk != null) {
      if (!sk.isArray()) {
        throw new PolicyException("Invalid masking policy: 'sensitiveKeys' must be an array of strings, found "
            + kind(sk));
      }
      for (int i = 0; i < sk.size(); i++) {
        JsonNode k = sk.get(i);
        if (!k.isTextual() || normalizeKey(k.asText()).length() < 3) {
          throw new PolicyException("Invalid masking policy: sensitiveKeys[" + i + "] must be a key name with at least"
              + " 3 letters or digits, found " + k);
        }
        keys.add(k.asText());
      }
    }
    return new MaskPolicy(operators, keys);
  }

  /**
   * A key name as sensitive keys are compared: its letters and digits only, lower case
   * ({@code X-Api-Key}, {@code x_api_key} and {@code xApiKey} are all {@code xapikey}).
   */
  public static String normalizeKey(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  private static DetectorType parseType(String name) {
    try {
      return DetectorType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new PolicyException("Invalid masking policy: unknown detector type '" + name + "' in operators (known: "
          + Arrays.stream(DetectorType.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }
  }

  private static Operator parseOperator(DetectorType type, JsonNode value) {
    String expected = "REDACT, PARTIAL, HASH or NONE";
    if (!value.isTextual()) {
      throw new PolicyException("Invalid masking policy: operator of " + type + " must be a string (" + expected
          + "), found " + value);
    }
    try {
      return Operator.valueOf(value.asText());
    } catch (IllegalArgumentException e) {
      throw new PolicyException("Invalid masking policy: unknown operator '" + value.asText() + "' for " + type
          + " (expected " + expected + ")");
    }
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  public Operator operator(DetectorType type) {
    return byOrdinal[type.ordinal()];
  }

  /** Types that are detected (operator other than NONE). */
  public Set<DetectorType> enabledTypes() {
    Set<DetectorType> set = EnumSet.noneOf(DetectorType.class);
    operators.forEach((t, op) -> {
      if (op != Operator.NONE) {
        set.add(t);
      }
    });
    return set;
  }

  /** Types masked with HASH (the policy then needs a key). */
  public List<DetectorType> hashedTypes() {
    return operators.entrySet().stream().filter(e -> e.getValue() == Operator.HASH).map(Map.Entry::getKey).toList();
  }

  public boolean usesHash() {
    return !hashedTypes().isEmpty();
  }

  public List<String> sensitiveKeys() {
    return sensitiveKeys;
  }

  @Override
  public String toString() {
    return "MaskPolicy" + operators + (sensitiveKeys.isEmpty() ? "" : " sensitiveKeys=" + sensitiveKeys);
  }
}
