package dev.eventpipeline.enrich.domain;

import java.time.Instant;

/**
 * One record of the incoming batch: its bytes (a normalized record, in principle), partition key
 * and coordinates in the input stream; {@code arrival} is its approximate arrival time (may be null).
 */
public record InputRecord(byte[] data, String partitionKey, String stream, String shardId,
    String sequenceNumber, Instant arrival) {}
