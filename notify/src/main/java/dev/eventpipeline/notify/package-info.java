/** The notify Lambda function: pipeline events to signed webhooks; subscription API. */
package dev.eventpipeline.notify;
