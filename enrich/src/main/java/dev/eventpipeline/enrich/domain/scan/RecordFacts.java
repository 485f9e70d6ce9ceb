package dev.eventpipeline.enrich.domain.scan;

/**
 * What enrich reads from one record, collected in one streaming pass; reused from record to record
 * (one instance per session, never shared between threads). Each slot keeps the first valid value
 * found in document order.
 */
public final class RecordFacts {
  /** {@link #schemaVersion()} when the record has none. */
  public static final int ABSENT = -1;
  /** {@link #schemaVersion()} when the record's is not an integer. */
  public static final int NOT_AN_INT = -2;

  int members;
  boolean hasEnrichment;
  boolean hasId;
  int schemaVersion;
  String message;
  String logGroup;
  String service;
  String k8sAppName; // kubernetes.labels."app.kubernetes.io/name"
  String k8sApp; // kubernetes.labels.app
  String k8sContainer; // kubernetes.container_name
  String host;
  String traceId;
  String requestId;
  IpAddress ip;

  /** Forgets everything, ready for the next record. */
  public void reset() {
    members = 0;
    hasEnrichment = false;
    hasId = false;
    schemaVersion = ABSENT;
    message = null;
    logGroup = null;
    service = null;
    k8sAppName = null;
    k8sApp = null;
    k8sContainer = null;
    host = null;
    traceId = null;
    requestId = null;
    ip = null;
  }

  public int members() {
    return members;
  }

  public boolean hasEnrichment() {
    return hasEnrichment;
  }

  public boolean hasId() {
    return hasId;
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public String message() {
    return message;
  }

  public String logGroup() {
    return logGroup;
  }

  public String service() {
    return service;
  }

  public String k8sAppName() {
    return k8sAppName;
  }

  public String k8sApp() {
    return k8sApp;
  }

  public String k8sContainer() {
    return k8sContainer;
  }

  public String host() {
    return host;
  }

  public String traceId() {
    return traceId;
  }

  public String requestId() {
    return requestId;
  }

  public IpAddress ip() {
    return ip;
  }

  /** Forgets everything and keeps only {@code message}: for a payload that is not a record. */
  public void resetTo(String message) {
    reset();
    this.message = message;
  }
}
