package io.s2vc.config;

/** The setting {@code kafka.delivery}: what the product's Kafka sinks guarantee. */
public enum Delivery {
    /** A record may be written twice after a failure; consumers see it at once. */
    AT_LEAST_ONCE,
    /** Transactional sinks committed with Flink's checkpoints; consumers read with read_committed. */
    EXACTLY_ONCE
}
