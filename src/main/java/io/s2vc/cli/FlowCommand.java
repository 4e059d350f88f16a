package io.s2vc.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.s2vc.config.Config;
import io.s2vc.config.Catalogue;
import io.s2vc.flow.FlowModel;
import io.s2vc.flow.FlowSpec;
import io.s2vc.io.Npy;
import io.s2vc.io.NpyArray;
import io.s2vc.flow.SavedFlow;
import io.s2vc.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "flow", mixinStandardHelpOptions = true,
        description = "Run a saved flow on NumPy arrays: encode frames (N x 3 x H x W float32 in [0, 1]) to latents "
                + "(N x D), or decode latents back to frames.",
        subcommands = {FlowCommand.Encode.class, FlowCommand.Decode.class})
final class FlowCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Frames .npy (N x 3 x H x W float32 in [0, 1]) -> latents .npy (N x 3*H*W float32).")
    static final class Encode extends Conversion {
        Encode() {
            super("encodes");
        }

        @Override
        Shape inputShape(FlowSpec flow, long n) {
            return flow.frameShape(n);
        }

        @Override
        Shape outputShape(FlowSpec flow, long n) {
            return new Shape(n, flow.dimensions());
        }

        @Override
        NDArray apply(FlowModel model, NDArray batch) {
            return model.encode(batch);
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Latents .npy (N x 3*H*W float32) -> frames .npy (N x 3 x H x W float32).")
    static final class Decode extends Conversion {
        Decode() {
            super("decodes");
        }

        @Override
        Shape inputShape(FlowSpec flow, long n) {
            return new Shape(n, flow.dimensions());
        }

        @Override
        Shape outputShape(FlowSpec flow, long n) {
            return flow.frameShape(n);
        }

        @Override
        NDArray apply(FlowModel model, NDArray batch) {
            return model.decode(batch);
        }
    }

    /** The shared part of encode and decode: weights, files, batches. */
    abstract static class Conversion implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Mixin
        CommonOptions common;

        @Option(names = "--weights", paramLabel = "FILE.npz", description = "Flow weights (default: flow.weights).")
        Path weights;

        @Option(names = "--arch", paramLabel = "NAME", description = "Architecture (advflow-imagenet64, cpu-tiny-32); "
                + "default: the manifest.json beside the weights, else recognised from the weights' keys and shapes.")
        String arch;

        @Option(names = "--input", required = true, paramLabel = "IN.npy", description = "Input array.")
        Path input;

        @Option(names = "--output", required = true, paramLabel = "OUT.npy", description = "Output array (replaced).")
        Path output;

        @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
                description = "Rows per flow call (default: ${DEFAULT-VALUE}).")
        int batch;

        private final String verb;

        Conversion(String verb) {
            this.verb = verb;
        }

        abstract Shape inputShape(FlowSpec flow, long n);

        abstract Shape outputShape(FlowSpec flow, long n);

        abstract NDArray apply(FlowModel model, NDArray batch);

        @Override
        public Integer call() throws Exception {
            if (batch < 1) {
                throw new UserException("--batch must be >= 1");
            }
            Config config = common.config();
            Path weightsFile = weights != null ? weights : PretrainedFlow.weights(config, common.work());
            FlowSpec flow = SavedFlow.architectureOf(weightsFile, arch);
            NpyArray in = readInput(flow);
            long n = in.shape()[0];
            int inRow = Math.toIntExact(inputShape(flow, 1).size());
            int outRow = Math.toIntExact(outputShape(flow, 1).size());
            float[] values = in.values();
            float[] result = new float[Math.toIntExact(n * outRow)];
            try (NDManager manager = NDManager.newBaseManager(config.get(Catalogue.DEVICE).resolve())) {
                FlowModel model = SavedFlow.load(weightsFile, flow, manager);
                for (int start = 0; start < n; start += batch) {
                    int count = (int) Math.min(batch, n - start);
                    try (NDManager call = manager.newSubManager()) {
                        float[] rows = Arrays.copyOfRange(values, start * inRow, (start + count) * inRow);
                        float[] produced = apply(model, call.create(rows, inputShape(flow, count))).toFloatArray();
                        System.arraycopy(produced, 0, result, start * outRow, produced.length);
                    }
                }
            }
            NpyArray written = new NpyArray(outputShape(flow, n).getShape(), result);
            AtomicFiles.write(output, out -> out.write(Npy.toBytes(written)));
            command.commandLine().getOut().println("wrote " + output + " " + written.shapeText() + " (" + flow.name() + ", "
                    + weightsFile + ")");
            return 0;
        }

        private NpyArray readInput(FlowSpec flow) throws IOException {
            if (!Files.isRegularFile(input)) {
                throw new UserException("no such input file: " + input);
            }
            NpyArray array;
            try (InputStream in = AtomicFiles.bufferedInput(input)) {
                array = Npy.read(in);
            } catch (IllegalArgumentException e) {
                throw new UserException("input " + input + ": " + e.getMessage());
            }
            long[] shape = array.shape();
            long[] expected = inputShape(flow, 1).getShape();
            boolean fits = shape.length == expected.length;
            for (int i = 1; fits && i < shape.length; i++) {
                fits = shape[i] == expected[i];
            }
            if (!fits) {
                throw new UserException("input " + input + " has shape " + array.shapeText() + "; flow " + flow.name()
                        + " " + verb + " arrays of shape "
                        + inputShape(flow, 1).toString().replaceFirst("^\\(1,", "(N,"));
            }
            return array;
        }

    }
}
