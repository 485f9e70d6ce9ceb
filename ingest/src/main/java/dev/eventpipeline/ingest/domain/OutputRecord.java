package dev.eventpipeline.ingest.domain;

/** A normalized record ready for the output stream: its partition key and its UTF-8 JSON. */
public record OutputRecord(String partitionKey, byte[] json, Format format, String id) {}
