/**
 * The settings: one typed catalogue ({@link io.s2vc.config.Catalogue}) declares every key once with its type, default,
 * allowed values, unit and source; YAML profiles under {@code conf/} and {@code --set key=value} change values, which
 * {@link io.s2vc.config.Config} checks when it loads, before any work. The reference docs/configuration.md is generated
 * from the catalogue.
 */
package io.s2vc.config;
