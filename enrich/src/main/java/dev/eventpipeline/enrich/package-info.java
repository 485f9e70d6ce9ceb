/** The enrich Lambda function: normalized to enriched log records. */
package dev.eventpipeline.enrich;
