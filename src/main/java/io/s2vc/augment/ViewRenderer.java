package io.s2vc.augment;

import io.s2vc.video.Clip;

/**
 * The pixel pipeline of one view, frame by frame in float: crop-resize (+ flip) → colour jitter →
 * grayscale → blur, then a single rounding to uint8. Working per frame keeps the buffers small enough
 * to stay in cache.
 */
final class ViewRenderer {
    private ViewRenderer() {
    }

    static Clip render(Clip clip, ViewPlan plan, int outputSize, int intermediateSize) {
        CropBox crop = plan.crop();
        if (!crop.fitsIn(clip.height(), clip.width())) {
            throw new IllegalArgumentException(crop + " does not fit in " + clip);
        }
        if (plan.jittered() && plan.frameJitters().size() != clip.frames()) {
            throw new IllegalArgumentException("plan has " + plan.frameJitters().size()
                    + " frame jitters for a clip of " + clip.frames() + " frames");
        }
        SeparableResampler resampler = new SeparableResampler(
                AxisWeights.resizedCrop(crop.top(), crop.height(), intermediateSize, outputSize, false),
                AxisWeights.resizedCrop(crop.left(), crop.width(), intermediateSize, outputSize, plan.flip()),
                clip.width());
        GaussianBlur blur = plan.blurred() ? new GaussianBlur(plan.blurSigma(), outputSize, outputSize) : null;

        int frameSize = outputSize * outputSize * Clip.CHANNELS;
        float[][] frame = FloatPixels.newFrame(outputSize, outputSize);
        byte[] output = new byte[clip.frames() * frameSize];
        for (int t = 0; t < clip.frames(); t++) {
            resampler.resample(clip.rgb(), clip.offset(t, 0, 0), frame);
            if (plan.jittered()) {
                plan.frameJitters().get(t).applyTo(frame);
            }
            if (plan.grayscale()) {
                Grayscale.apply(frame);
            }
            if (blur != null) {
                blur.apply(frame);
            }
            FloatPixels.store(frame, output, t * frameSize);
        }
        return new Clip(clip.frames(), outputSize, outputSize, output);
    }
}
