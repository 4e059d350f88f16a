package io.s2vc.suppress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Suppression of a clip larger than the flow, tile by tile at the flow's own resolution: the frame is cut into
 * a grid of flow-sized tiles, each tile's T frames are one clip for the suppressor (its own temporal statistics,
 * so a tile where nothing moves loses its static latents and one a person walks through keeps what changes), and
 * the motion-preserved tiles are put back in place. Unlike one pass over the whole frame pooled to the flow's
 * size, nothing is resampled, so the output keeps the input's resolution; the price is one flow pass per tile.
 * The flow must be pre-trained on patches of that size (for instance with
 * {@code flow.pretrain.patches_from_height}).
 */
public final class TiledSuppression {
    private final StaticCueSuppressor suppressor;
    private final int tile;
    private final int tilesPerCall;

    /**
     * @param tile the flow's frame side: the grid's cell
     * @param tilesPerCall tiles given to the suppressor at once (bounds memory; the output does not depend on it)
     */
    public TiledSuppression(StaticCueSuppressor suppressor, int tile, int tilesPerCall) {
        if (tile < 1 || tilesPerCall < 1) {
            throw new IllegalArgumentException("tile side and tiles per call must be >= 1, got " + tile + ", " + tilesPerCall);
        }
        this.suppressor = suppressor;
        this.tile = tile;
        this.tilesPerCall = tilesPerCall;
    }

    /**
     * @param clip (1, 3, T, H, W) float32 in [0, 1], H and W multiples of the tile side
     * @param seed the clip's seed; tile i uses seed·K + i, so random strategies differ between tiles
     * @return the motion-preserved clip (1, 3, T, H, W) in the input's manager, and the suppressed fraction
     *     averaged over the tiles
     */
    public SuppressionResult suppress(NDArray clip, long seed) {
        Shape s = clip.getShape();
        if (s.dimension() != 5 || s.get(0) != 1 || s.get(1) != 3 || s.get(3) % tile != 0 || s.get(4) % tile != 0) {
            throw new IllegalArgumentException("a tiled clip must be (1, 3, T, H, W) with H and W multiples of " + tile
                    + ", got " + s);
        }
        long frames = s.get(2);
        int rows = Math.toIntExact(s.get(3) / tile);
        int columns = Math.toIntExact(s.get(4) / tile);
        int tiles = rows * columns;
        NDManager caller = clip.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray input = clip.stopGradient();
            input.attach(scope);
            // (3, T, rows, t, cols, t) → (rows, cols, 3, T, t, t) → one clip per tile
            NDArray grid = input.reshape(3, frames, rows, tile, columns, tile).transpose(2, 4, 0, 1, 3, 5)
                    .reshape(tiles, 3, frames, tile, tile);
            NDList outputs = new NDList();
            double suppressed = 0;
            for (int from = 0; from < tiles; from += tilesPerCall) {
                int to = Math.min(tiles, from + tilesPerCall);
                long[] seeds = new long[to - from];
                for (int i = from; i < to; i++) {
                    seeds[i - from] = seed * 1_000_003L + i;
                }
                SuppressionResult part = suppressor.suppress(grid.get("{}:{}", from, to), seeds);
                outputs.add(part.output());
                for (float f : part.suppressedFractions()) {
                    suppressed += f;
                }
            }
            NDArray output = NDArrays.concat(outputs, 0).reshape(rows, columns, 3, frames, tile, tile)
                    .transpose(2, 3, 0, 4, 1, 5).reshape(1, 3, frames, rows * (long) tile, columns * (long) tile);
            output.attach(caller);
            return new SuppressionResult(output, new float[] {(float) (suppressed / tiles)});
        }
    }

    /** The largest multiple of the tile side that is at most {@code side} (at least one tile). */
    public int fit(int side) {
        return Math.max(tile, side / tile * tile);
    }
}
