package dev.eventpipeline.logsworker;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.function.Supplier;

/**
 * One log stage as the worker runs it: the stream it reads, how it batches, and its function's own
 * handler, a new one per shard (a handler, like a Lambda environment, serves one batch at a time).
 */
record Stage(String name, String stream, int batchSize, long windowMillis,
    Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> handlers) {}
