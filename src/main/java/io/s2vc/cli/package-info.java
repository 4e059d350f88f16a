/**
 * The {@code s2vc} command line (picocli): one class per command, shared option groups, and the one-line errors
 * of {@link io.s2vc.cli.UserException}. Commands read the configuration, then hand work to the stage packages
 * and the Flink jobs.
 */
package io.s2vc.cli;
