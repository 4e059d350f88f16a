package io.s2vc.augment;

import io.s2vc.video.Clip;
import java.util.Objects;

/** The query and key views of one positive pair, both uint8 T×S×S×3. */
public record PairViews(Clip query, Clip key) {
    public PairViews {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(key, "key");
    }
}
