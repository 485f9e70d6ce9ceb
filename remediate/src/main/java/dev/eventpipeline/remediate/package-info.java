/**
 * The remediate function: CloudWatch alarm state changes (EventBridge) to actions: a dead-letter
 * queue's depth alarm redrives it after a backoff, a stream consumer's iterator-age alarm raises the
 * stream's shard count within bounds; each action is recorded (idempotent, at most N per alarm and
 * hour) and published as a RemediationPerformed event.
 */
package dev.eventpipeline.remediate;
