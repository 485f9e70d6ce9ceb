/** The thumbnail Lambda function: S3 uploads (via SQS) to thumbnails. */
package dev.eventpipeline.thumbnail;
