/** The Lambda entry point of the ingest function. */
package dev.eventpipeline.ingest.handler;
