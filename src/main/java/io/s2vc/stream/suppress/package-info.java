/**
 * The Flink operator that suppresses the static cues of key views in micro-batches, and the settings it carries to
 * the TaskManagers.
 */
package io.s2vc.stream.suppress;
