package io.s2vc.experiment;

/** The 97.5 % quantile of Student's t distribution, for 95 % intervals over a few seeds. */
final class StudentT {
    /** t(0.975, df) for df = 1 … 30 (standard tables). */
    private static final double[] QUANTILE_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
        2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    private StudentT() {
    }

    /** t(0.975, df); beyond 30 degrees of freedom the normal 1.96 plus the usual 2.4/df correction. */
    static double quantile975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
        }
        return df <= QUANTILE_975.length ? QUANTILE_975[df - 1] : 1.96 + 2.4 / df;
    }
}
