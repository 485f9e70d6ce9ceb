package dev.eventpipeline.remediate.domain;

import java.util.List;

/** What a redrive did: messages moved or replayed, Kinesis records re-put, messages left and why. */
public record RedriveCounts(int messagesRedriven, int recordsReplayed, int messagesLeft, List<String> problems) {}
