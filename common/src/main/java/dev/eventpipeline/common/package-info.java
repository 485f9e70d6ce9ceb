/**
 * Shared kernel of every function: configuration, AWS clients, the event envelope, batch responses,
 * logging, metrics and tracing glue. No function's domain logic lives here.
 */
package dev.eventpipeline.common;
