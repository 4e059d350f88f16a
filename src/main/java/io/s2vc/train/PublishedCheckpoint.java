package io.s2vc.train;

import java.net.URI;

/**
 * A model checkpoint a {@link CheckpointedTraining} has just published: what its announcement says.
 *
 * @param uri where it is in the store
 * @param manifest its manifest (run, step, profile, loss, pairs seen, parent, SHA-256 of its files)
 * @param pairsDigest the {@link PairsDigest} of the pairs trained on up to it
 */
public record PublishedCheckpoint(URI uri, CheckpointManifest manifest, String pairsDigest) {

    public String runId() {
        return manifest.runId();
    }

    /** Optimiser steps taken: the model version. */
    public long step() {
        return manifest.step();
    }

    /** The run's previous checkpoint, or null for its first. */
    public String parentUri() {
        return manifest.parent();
    }
}
