/**
 * Plain Kafka client settings shared by every producer and consumer, the product's topics, and the embedded
 * KRaft broker used by the default run and the tests.
 */
package io.s2vc.kafka;
