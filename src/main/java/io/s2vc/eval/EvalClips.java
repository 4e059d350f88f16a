package io.s2vc.eval;

import io.s2vc.augment.SeparableResampler;
import io.s2vc.video.Clip;
import io.s2vc.video.VideoDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic evaluation clips of a video (no test-time jitter, unlike the official code's
 * random colour jitter, §5.2): {@code clipsPerVideo} windows of T frames at the frame step, evenly
 * spaced over the video, each frame centre-cropped to a square and resized to {@code size}. A video
 * shorter than a window repeats its last frame.
 */
public final class EvalClips {
    private EvalClips() {
    }

    public static List<Clip> of(Path video, EvalSettings s) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        try (VideoDecoder decoder = VideoDecoder.open(video.toString(), s.decodeHeight(), s.decodeWidth())) {
            while (true) {
                byte[] frame = new byte[s.decodeHeight() * s.decodeWidth() * Clip.CHANNELS];
                if (decoder.next(frame) < 0) {
                    break;
                }
                frames.add(frame);
            }
        }
        if (frames.isEmpty()) {
            throw new IOException("no frames could be decoded from " + video);
        }
        int span = (s.frames() - 1) * s.frameStep() + 1;
        int last = Math.max(0, frames.size() - span);
        List<Clip> clips = new ArrayList<>(s.clipsPerVideo());
        for (int k = 0; k < s.clipsPerVideo(); k++) {
            int start = s.clipsPerVideo() == 1 ? last / 2 : (int) Math.round((double) k * last / (s.clipsPerVideo() - 1));
            int frameBytes = s.decodeHeight() * s.decodeWidth() * Clip.CHANNELS;
            byte[] rgb = new byte[s.frames() * frameBytes];
            for (int t = 0; t < s.frames(); t++) {
                byte[] frame = frames.get(Math.min(frames.size() - 1, start + t * s.frameStep()));
                System.arraycopy(frame, 0, rgb, t * frameBytes, frameBytes);
            }
            Clip square = new Clip(s.frames(), s.decodeHeight(), s.decodeWidth(), rgb).centerSquare();
            clips.add(SeparableResampler.resize(square, s.size(), s.size()));
        }
        return clips;
    }
}
