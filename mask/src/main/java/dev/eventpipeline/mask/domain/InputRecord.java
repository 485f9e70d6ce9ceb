package dev.eventpipeline.mask.domain;

import java.time.Instant;

/** One Kinesis record of the enriched-logs stream, as the domain sees it. */
public record InputRecord(String sequenceNumber, Instant approximateArrival, byte[] data) {}
