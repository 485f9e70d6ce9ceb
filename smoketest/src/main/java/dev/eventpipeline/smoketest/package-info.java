/**
 * The post-deploy smoke test (run by a CDK Trigger after the stack deploys, and at the end of
 * {@code ./pipeline up}): a canary log record and a tiny canary image go through the pipeline; it passes
 * when the record is in the archive and the image's thumbnails exist, in time.
 */
package dev.eventpipeline.smoketest;
