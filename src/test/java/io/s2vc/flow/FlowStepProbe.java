package io.s2vc.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.s2vc.flow.pretrain.LikelihoodStep;
import io.s2vc.nd.CoupledAdam;
import io.s2vc.nd.GradientGuard;

/**
 * A child process for {@link ConvolutionTailsTest}: two pre-training steps of a flow on random frames,
 * nothing else, so that oneDNN's verbose log lists exactly the convolutions a flow training step runs.
 * Usage: FlowStepProbe ARCH BATCH
 */
public final class FlowStepProbe {
    private FlowStepProbe() {
    }

    public static void main(String[] args) {
        FlowSpec spec = FlowSpec.byName(args[0]);
        int batch = Integer.parseInt(args[1]);
        try (NDManager manager = NDManager.newBaseManager()) {
            FlowModel model = FlowModel.create(spec, FlowInit.randomEverywhere(3, FlowInit.ADVFLOW_SIGMA), manager);
            CoupledAdam adam = CoupledAdam.builder().build(LikelihoodStep.trainableParameters(model), manager);
            LikelihoodStep step = new LikelihoodStep(model, adam, new GradientGuard("probe", 3));
            for (int i = 1; i <= 2; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray frames = scope.randomUniform(0, 1, spec.frameShape(batch));
                    System.out.println("probe step " + i + " bits/dim " + step.run(frames, 1e-4, i));
                }
            }
        }
    }
}
