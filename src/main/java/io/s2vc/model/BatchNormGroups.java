package io.s2vc.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.function.UnaryOperator;

/**
 * Shuffle-BN within one process. MoCo's official multi-GPU run normalises each GPU's share of the batch on its
 * own and shuffles the keys across GPUs first, so that a query and its positive key are never normalised with
 * the same set of samples: otherwise the batch statistics become a cue that identifies the pair. Here the batch
 * is split into G groups that pass through the encoder one at a time: queries in contiguous blocks
 * (0..B/G−1, …), keys interleaved (g, g+G, g+2G, …), so every key group mixes samples of all query groups.
 * Outputs come back in the batch's order. G = 1 is one forward pass over the whole batch.
 */
final class BatchNormGroups {
    private BatchNormGroups() {
    }

    /**
     * @param clips (B, …) the batch
     * @param groups wanted number of groups; fewer are used if the batch cannot give every group 2 samples
     *     (BN in training mode) or, for keys, an equal share
     * @param interleaved true for keys (strided groups), false for queries (contiguous blocks)
     * @param encoder one forward pass (B', …) → (B', D) in training mode
     */
    static NDArray forward(NDArray clips, int groups, boolean interleaved, UnaryOperator<NDArray> encoder) {
        int batch = Math.toIntExact(clips.getShape().get(0));
        int g = usableGroups(batch, groups, interleaved);
        if (g == 1) {
            return encoder.apply(clips);
        }
        NDList outputs = new NDList(g);
        if (interleaved) {
            for (int i = 0; i < g; i++) {
                outputs.add(encoder.apply(clips.get(new NDIndex("{}::{}", i, g))));
            }
            // (B/G, G, D) → (B, D): row r·G + i is sample i + r·G, the batch's own order.
            NDArray stacked = NDArrays.stack(outputs, 1);
            return stacked.reshape(batch, stacked.getShape().get(2));
        }
        long[] bounds = new long[g - 1];
        for (int i = 1; i < g; i++) {
            bounds[i - 1] = (long) i * batch / g;
        }
        for (NDArray part : clips.split(bounds)) {
            outputs.add(encoder.apply(part));
        }
        return NDArrays.concat(outputs, 0);
    }

    /** The largest count ≤ {@code groups} that gives every group ≥ 2 samples (and, interleaved, equal shares). */
    static int usableGroups(int batch, int groups, boolean interleaved) {
        for (int g = Math.min(groups, batch / 2); g > 1; g--) {
            if (!interleaved || batch % g == 0) {
                return g;
            }
        }
        return 1;
    }
}
