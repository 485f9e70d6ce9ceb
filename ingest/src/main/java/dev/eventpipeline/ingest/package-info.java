/** The ingest Lambda function: Kinesis raw-logs to normalized log records. */
package dev.eventpipeline.ingest;
