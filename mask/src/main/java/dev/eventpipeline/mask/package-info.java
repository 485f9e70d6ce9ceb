/** The mask Lambda function: masks sensitive values, archives to S3, publishes events. */
package dev.eventpipeline.mask;
