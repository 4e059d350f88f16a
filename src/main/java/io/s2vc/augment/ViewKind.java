package io.s2vc.augment;

/** The two views of a positive pair, named after the transforms of the official code. */
public enum ViewKind {
    /** {@code base_transform}: crop + flip, then colour jitter, grayscale and blur. Fed to the query encoder. */
    QUERY,
    /** {@code null_transform}: crop + flip only. Fed to the key (momentum) encoder after S²VC suppression. */
    KEY
}
