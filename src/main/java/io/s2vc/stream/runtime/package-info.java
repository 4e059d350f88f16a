/**
 * Where jobs run: the embedded platform (broker and MiniCluster) or a remote cluster, job submission and its
 * bounds.
 */
package io.s2vc.stream.runtime;
