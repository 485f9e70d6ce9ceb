package dev.eventpipeline.remediate.domain;

/** A stream's capacity as the scaler sees it: open shards, whether it is ACTIVE and whether it is on-demand. */
public record StreamCapacity(int openShards, boolean active, boolean onDemand) {}
