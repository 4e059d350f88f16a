/**
 * The layered configuration: YAML profiles under {@code conf/} merged with {@code --set key=value}, read with
 * typed, range-checked getters, and the device choice.
 */
package io.s2vc.config;
