/** JMH benchmarks of the functions' hot paths. */
package dev.eventpipeline.bench;
