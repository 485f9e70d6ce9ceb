/** The CDK app that deploys the pipeline (arrives with the infrastructure issue). */
package dev.eventpipeline.infra;
