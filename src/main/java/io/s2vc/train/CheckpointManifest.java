package io.s2vc.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@value ModelCheckpoint#MANIFEST} of a model checkpoint: what it holds and where it comes from.
 * Written last, so a folder with a manifest is complete; {@code sha256} lets a reader check every
 * model file.
 *
 * @param format {@value #FORMAT}
 * @param runId the training run
 * @param step optimiser steps taken (the model version)
 * @param timeMs when it was written, ms since the Unix epoch
 * @param profile the configuration profile of the run
 * @param backbone the backbone (r3d18, s3d, tiny3d)
 * @param embeddingSize the head's output size
 * @param clipFrames T of the views it was trained on
 * @param viewSize their height and width
 * @param loss the InfoNCE loss of the last step, or null before the first
 * @param pairsSeen positive pairs consumed so far
 * @param parent the previous checkpoint of the run, or null
 * @param sha256 SHA-256 (hex) of each file (the encoder, the trainer state), by file name
 */
public record CheckpointManifest(String format, String runId, long step, long timeMs, String profile,
        String backbone, int embeddingSize, int clipFrames, int viewSize, Double loss, long pairsSeen, String parent,
        Map<String, String> sha256) {

    public static final String FORMAT = "s2vc-model-checkpoint/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CheckpointManifest {
        sha256 = sha256 == null ? new TreeMap<>() : new TreeMap<>(sha256);
    }

    /** The SHA-256 of the encoder's parameter file: the checkpoint's identity in events. */
    public String modelSha256() {
        return sha256.get(ModelCheckpoint.ENCODER_FILE);
    }

    /** Whether the checkpoint carries the trainer state a rerun continues from (older ones do not). */
    public boolean hasTrainerState() {
        return sha256.containsKey(ModelCheckpoint.TRAINER_STATE_FILE);
    }

    /**
     * Why a trainer of {@code settings} cannot continue from this checkpoint (another backbone, embedding or
     * view shape), or empty when it can.
     */
    public java.util.Optional<String> modelMismatch(TrainingSettings settings) {
        String ours = settings.backbone().id() + " " + settings.embeddingSize() + "-d on " + settings.clipFrames() + "x"
                + settings.viewSize() + "x" + settings.viewSize() + " views";
        String theirs = backbone + " " + embeddingSize + "-d on " + clipFrames + "x" + viewSize + "x" + viewSize + " views";
        return ours.equals(theirs) ? java.util.Optional.empty()
                : java.util.Optional.of("the checkpoint holds " + theirs + ", this trainer is " + ours);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a checkpoint manifest", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a manifest of this format */
    public static CheckpointManifest fromJson(byte[] json) {
        CheckpointManifest manifest;
        try {
            manifest = JSON.readValue(json, CheckpointManifest.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable checkpoint manifest: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable checkpoint manifest: " + e.getMessage());
        }
        if (!FORMAT.equals(manifest.format())) {
            throw new IllegalArgumentException("checkpoint manifest of format " + manifest.format() + ", this build reads "
                    + FORMAT);
        }
        return manifest;
    }
}
