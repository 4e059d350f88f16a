package io.s2vc.config;

/** Where a setting's default comes from, so that a reader knows which numbers are the paper's and which are ours. */
public enum Source {
    /** The S²VC paper (AAAI 2022). */
    PAPER("paper"),
    /** The authors' code (mettyz/SSVC and the AdvFlow code it builds on), see s2vc-official-code.md. */
    OFFICIAL("official code"),
    /** A choice or measurement of this product where neither says anything. */
    OURS("ours");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
