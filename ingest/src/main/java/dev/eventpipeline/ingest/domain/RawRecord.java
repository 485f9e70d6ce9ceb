package dev.eventpipeline.ingest.domain;

/**
 * One record of the raw stream as the domain sees it: its coordinates, its approximate arrival
 * time (epoch milliseconds; deterministic under retries) and its bytes.
 */
public record RawRecord(String streamName, String shardId, String sequenceNumber, String partitionKey,
    long arrivalMillis, byte[] data) {}
