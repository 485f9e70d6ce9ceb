/** Ports: what the ingest domain needs from the outside world (the event publisher port is common's EventPublisher). */
package dev.eventpipeline.ingest.port;
