/** AWS SDK implementations of the ingest ports. */
package dev.eventpipeline.ingest.adapter;
