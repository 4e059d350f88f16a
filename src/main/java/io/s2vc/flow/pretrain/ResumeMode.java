package io.s2vc.flow.pretrain;

/** What a run does with a checkpoint already in its output folder. */
public enum ResumeMode {
    /** Continue from it if there is one, start afresh otherwise. */
    AUTO,
    /** Continue from it; its absence is an error. */
    REQUIRE,
    /** Ignore it and start afresh (it is replaced by the new run's first checkpoint). */
    FRESH
}
