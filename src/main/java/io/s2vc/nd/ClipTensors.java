package io.s2vc.nd;

import io.s2vc.nd.ArrayScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.s2vc.video.Clip;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conversions between uint8 {@link Clip}s (T×H×W×3, the wire layout) and the float batch tensor
 * (B, 3, T, H, W) in [0, 1] that {@link StaticCueSuppressor} works on. One copy in, one copy out: the
 * conversions run natively on the whole batch.
 *
 * <p>Value policy: into float, v / 255. Out of float, the suppressor's output is unclamped (the official
 * code does not clamp), so {@link #toClips} rounds 255·v half up and then clamps to [0, 255];
 * {@link #toFloats} keeps the unclamped values.
 */
public final class ClipTensors {
    private ClipTensors() {
    }

    /** (B, 3, T, H, W) float32 in [0, 1] from clips that all have the same shape, owned by {@code manager}. */
    public static NDArray toTensor(List<Clip> clips, NDManager manager) {
        Clip first = requireSameShape(clips);
        int clipBytes = first.rgb().length;
        ByteBuffer bytes = ByteBuffer.allocateDirect(clips.size() * clipBytes);
        for (Clip clip : clips) {
            bytes.put(clip.rgb());
        }
        bytes.flip();
        Shape frameMajor = new Shape(clips.size(), first.frames(), first.height(), first.width(), Clip.CHANNELS);
        try (NDManager scope = manager.newSubManager()) {
            NDArray tensor = scope.create(bytes, frameMajor, DataType.UINT8)
                    .toType(DataType.FLOAT32, false).div(255f).transpose(0, 4, 1, 2, 3);
            tensor.attach(manager);
            return tensor;
        }
    }

    /** uint8 clips from (B, 3, T, H, W) float values in [0, 1] scale: round(255·v) half up, then clamp to [0, 255]. */
    public static List<Clip> toClips(NDArray clips) {
        Shape shape = checkBatchShape(clips);
        byte[] bytes;
        try (NDManager scope = clips.getManager().newSubManager()) {
            bytes = ArrayScope.alias(clips, scope).mul(255f).add(0.5f).floor().clip(0, 255)
                    .toType(DataType.UINT8, false).transpose(0, 2, 3, 4, 1).toByteArray();
        }
        int batch = (int) shape.get(0);
        int clipBytes = bytes.length / batch;
        List<Clip> result = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            result.add(new Clip((int) shape.get(2), (int) shape.get(3), (int) shape.get(4),
                    Arrays.copyOfRange(bytes, b * clipBytes, (b + 1) * clipBytes)));
        }
        return result;
    }

    /** One float array per clip, in the clip layout T×H×W×3 and the [0, 1] scale, unclamped. */
    public static float[][] toFloats(NDArray clips) {
        Shape shape = checkBatchShape(clips);
        float[] values;
        try (NDManager scope = clips.getManager().newSubManager()) {
            values = ArrayScope.alias(clips, scope).transpose(0, 2, 3, 4, 1).toFloatArray();
        }
        int batch = (int) shape.get(0);
        int clipValues = values.length / batch;
        float[][] result = new float[batch][];
        for (int b = 0; b < batch; b++) {
            result[b] = Arrays.copyOfRange(values, b * clipValues, (b + 1) * clipValues);
        }
        return result;
    }

    private static Clip requireSameShape(List<Clip> clips) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no clips to convert");
        }
        Clip first = clips.get(0);
        for (Clip clip : clips) {
            if (clip.frames() != first.frames() || clip.height() != first.height() || clip.width() != first.width()) {
                throw new IllegalArgumentException("clips of one batch must have one shape, got " + first + " and " + clip);
            }
        }
        return first;
    }

    private static Shape checkBatchShape(NDArray clips) {
        Shape shape = clips.getShape();
        if (shape.dimension() != 5 || shape.get(1) != Clip.CHANNELS) {
            throw new IllegalArgumentException("clips must be (B, 3, T, H, W), got shape " + shape);
        }
        return shape;
    }
}
