package io.s2vc.eval;

import io.s2vc.video.Clip;
import java.util.List;

/**
 * One labelled video as the protocols see it: its evaluation clips, its class and, on the synthetic
 * set, its background family (-1 elsewhere).
 */
public record EvalVideo(String relativePath, int label, int backgroundFamily, List<Clip> clips) {
}
