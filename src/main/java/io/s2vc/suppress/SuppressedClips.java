package io.s2vc.suppress;

import io.s2vc.nd.ClipTensors;
import io.s2vc.video.Clip;
import java.util.List;

/**
 * The wire form of a call on uint8 clips: motion-preserved clips as uint8 (rounded, then clamped to
 * [0, 255]: see {@link ClipTensors#toClips}) and, per clip, the share of units that were suppressed.
 */
public record SuppressedClips(List<Clip> clips, float[] suppressedFractions) {
    public SuppressedClips {
        clips = List.copyOf(clips);
    }
}
