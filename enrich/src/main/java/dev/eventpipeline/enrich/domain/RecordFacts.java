package dev.eventpipeline.enrich.domain;

/**
 * What enrich reads from one record, collected in one streaming pass; reused from record to record
 * (one instance per session, never shared between threads). Each slot keeps the first valid value
 * found in document order.
 */
final class RecordFacts {
  static final int ABSENT = -1;
  static final int NOT_AN_INT = -2;

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

  void reset() {
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
}
