package io.s2vc.video;

/** The two halves of an action-recognition split: train videos form the gallery, test videos the queries. */
public enum Split {
    TRAIN,
    TEST
}
