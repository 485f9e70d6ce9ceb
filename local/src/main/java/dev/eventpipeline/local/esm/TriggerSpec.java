package dev.eventpipeline.local.esm;

/**
 * One Custom::Trigger (the CDK's triggers.Trigger): a function the deployment invokes once everything it
 * depends on exists; the local cloud invokes it at the end of {@code up} when asked to.
 *
 * @param logicalId the template's logical id
 * @param functionLogicalId the function it invokes (its HandlerArn: a published version)
 * @param handlerArn what it invokes
 * @param timeoutMillis how long the deployment waits for it
 */
public record TriggerSpec(String logicalId, String functionLogicalId, String handlerArn, long timeoutMillis) {}
