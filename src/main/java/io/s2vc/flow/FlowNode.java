package io.s2vc.flow;

import ai.djl.ndarray.types.Shape;

/**
 * One node of the flow graph as a specification. The position of a node in
 * {@link FlowSpec#nodes()} is its index in FrEIA's {@code module_list}, hence the prefix of its
 * checkpoint keys ({@code module_list.<index>.}). The graph's input and output nodes do nothing but
 * hold their index.
 */
public sealed interface FlowNode {

    /** A new block for this node, or {@code null} for the input and output nodes. */
    FlowBlock newBlock(FlowInit init);

    record Input() implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return null;
        }
    }

    record Output() implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return null;
        }
    }

    record ConvCoupling(int channels, int hidden) implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return AffineCoupling.convolutional(channels, hidden, init);
        }
    }

    record DenseCoupling(int features, int internal) implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return AffineCoupling.fullyConnected(features, internal, init);
        }
    }

    /** A fixed permutation of {@code size} entries drawn with NumPy's legacy RNG seeded {@code seed}. */
    record Permutation(int size, int seed) implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return new ChannelPermutation(size, seed);
        }
    }

    record Fixed1x1(int channels) implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return new FixedConv1x1(channels, init);
        }
    }

    record Squeeze() implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return new IRevNetSqueeze();
        }
    }

    record FlattenNode(int channels, int height, int width) implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return new Flatten(new Shape(channels, height, width));
        }
    }

    record SplitNode(int first, int second) implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return new Split(first, second);
        }
    }

    record ConcatNode(int first, int second) implements FlowNode {
        @Override
        public FlowBlock newBlock(FlowInit init) {
            return new Concat(first, second);
        }
    }
}
