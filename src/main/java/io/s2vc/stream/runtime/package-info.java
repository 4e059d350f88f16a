/**
 * Where jobs run: the embedded MiniCluster or a remote cluster, job submission and bounds, and Kafka progress
 * checks used to end bounded runs.
 */
package io.s2vc.stream.runtime;
