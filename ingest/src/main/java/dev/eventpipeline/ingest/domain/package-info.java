/** Pure ingest logic: format detection, decoders, normalization and the batch algorithm. No AWS SDK. */
package dev.eventpipeline.ingest.domain;
