package io.s2vc.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Evaluation checkpoints of an {@link Encoder} (backbone + head, BN running statistics included) in
 * DJL's model format: {@code dir/name-0000.params}, written by {@code Model.save} and read by
 * {@code Model.load}, so any DJL program can load it into an {@code Encoder} block.
 *
 * <p>DJL's format has no checksum, and {@code Model.load} silently loads nothing from a file that
 * lacks its magic number. The checkpoint therefore records, as model properties, what it holds and a
 * CRC-32 of every parameter, and {@link #load} refuses a file whose content does not match.
 */
public final class EncoderCheckpoint {
    static final String FORMAT_PROPERTY = "s2vc.format";
    static final String FORMAT = "s2vc-encoder-1";
    static final String BACKBONE_PROPERTY = "s2vc.backbone";
    static final String EMBEDDING_PROPERTY = "s2vc.embeddingSize";
    static final String CRC_PROPERTY = "s2vc.parametersCrc32";
    /** DJL names the file after this "epoch"; a fixed one makes a save replace the previous file of that name. */
    private static final String EPOCH = "0";

    private EncoderCheckpoint() {
    }

    /** Writes {@code dir/name-0000.params}, replacing an earlier checkpoint of that name; returns its path. */
    public static Path save(Encoder encoder, Path dir, String name) throws IOException {
        try (Model model = Model.newInstance(name)) {
            model.setBlock(encoder);
            model.setProperty("Epoch", EPOCH);
            model.setProperty(FORMAT_PROPERTY, FORMAT);
            model.setProperty(BACKBONE_PROPERTY, encoder.backboneType().id());
            model.setProperty(EMBEDDING_PROPERTY, Integer.toString(encoder.embeddingSize()));
            model.setProperty(CRC_PROPERTY, Long.toHexString(parametersCrc(encoder)));
            model.save(dir, name);
        }
        return dir.resolve(String.format(Locale.ROOT, "%s-%04d.params", name, Integer.parseInt(EPOCH)));
    }

    /**
     * Loads {@code dir/name-*.params} into a new {@link Encoder} of the given backbone and embedding
     * size: the returned model's block. Close the model when done.
     *
     * @throws MalformedModelException if the file is corrupt, truncated, not an encoder checkpoint, or
     *     holds another backbone or embedding size
     */
    public static Model load(Path dir, String name, BackboneType backbone, int embeddingSize)
            throws IOException, MalformedModelException {
        requireCheckpointFile(dir, name);
        Encoder encoder = Encoder.builder().setBackbone(backbone).optEmbeddingSize(embeddingSize).build();
        Model model = Model.newInstance(name);
        try {
            model.setBlock(encoder);
            try {
                model.load(dir, name);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw refused(dir, name, backbone, e.toString(), e);
            }
            verify(model, encoder, dir, name);
            return model;
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static void requireCheckpointFile(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            if (files.map(f -> f.getFileName().toString())
                    .noneMatch(f -> f.equals(name + ".params") || f.matches(Pattern.quote(name) + "-\\d+\\.params"))) {
                throw new FileNotFoundException("no encoder checkpoint '" + name + "' (" + name + "-NNNN.params) in " + dir);
            }
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException("no checkpoint folder " + dir);
        }
    }

    private static void verify(Model model, Encoder encoder, Path dir, String name) throws MalformedModelException {
        if (!FORMAT.equals(model.getProperty(FORMAT_PROPERTY))) {
            throw refused(dir, name, encoder.backboneType(), "not an S2VC encoder checkpoint (no " + FORMAT_PROPERTY
                    + " = " + FORMAT + " property)", null);
        }
        String storedBackbone = model.getProperty(BACKBONE_PROPERTY);
        String storedEmbedding = model.getProperty(EMBEDDING_PROPERTY);
        if (!encoder.backboneType().id().equals(storedBackbone)
                || !Integer.toString(encoder.embeddingSize()).equals(storedEmbedding)) {
            throw refused(dir, name, encoder.backboneType(), "it holds a " + storedBackbone + " encoder with "
                    + storedEmbedding + "-d embeddings, not " + encoder.embeddingSize() + "-d", null);
        }
        if (!encoder.isInitialized()) {
            throw refused(dir, name, encoder.backboneType(), "it holds no parameters", null);
        }
        String expected = model.getProperty(CRC_PROPERTY);
        String actual = Long.toHexString(parametersCrc(encoder));
        if (!actual.equals(expected)) {
            throw refused(dir, name, encoder.backboneType(),
                    "parameter checksum mismatch (stored " + expected + ", read " + actual + "): the file is corrupt",
                    null);
        }
    }

    private static MalformedModelException refused(Path dir, String name, BackboneType backbone, String reason,
            Throwable cause) {
        return new MalformedModelException("encoder checkpoint '" + name + "' in " + dir + " refused as a "
                + backbone.id() + " encoder: " + reason, cause);
    }

    /** CRC-32 over every parameter's path and raw values, in DJL's parameter order. */
    static long parametersCrc(Block block) {
        CRC32 crc = new CRC32();
        PairList<String, Parameter> parameters = block.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            crc.update(parameters.keyAt(i).getBytes(StandardCharsets.UTF_8));
            crc.update(parameters.valueAt(i).getArray().toByteArray());
        }
        return crc.getValue();
    }
}
