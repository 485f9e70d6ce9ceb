/**
 * The CDK app that deploys the pipeline: {@link dev.eventpipeline.infra.EventPipelineApp} (one App,
 * cdk-nag on every synthesis) and {@link dev.eventpipeline.infra.EventPipelineStack} (the one
 * deployable unit), built from one construct per concern in {@code constructs}, with settings from
 * cdk.json context read in {@code config}. See docs/deploy.md.
 */
package dev.eventpipeline.infra;
