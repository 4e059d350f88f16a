package io.s2vc.train;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An order-independent fingerprint of the pairs a trainer consumed: the sum (mod 2^64) of the first
 * 8 bytes of SHA-256 of each pair's id. A sum, not a XOR, so that a pair trained twice changes it as
 * surely as a pair lost; with the pair count it shows that a set of ids was trained exactly once,
 * whatever order a parallel upstream delivered them in.
 */
public final class PairsDigest {
    private long sum;

    public void add(String pairId) {
        sum += hash(pairId);
    }

    public long value() {
        return sum;
    }

    public void set(long value) {
        sum = value;
    }

    /** 16 hex digits. */
    public String hex() {
        return HexFormat.of().toHexDigits(sum);
    }

    /** The digest of a collection of ids, e.g. those found on a topic. */
    public static String of(Iterable<String> pairIds) {
        PairsDigest digest = new PairsDigest();
        pairIds.forEach(digest::add);
        return digest.hex();
    }

    private static long hash(String id) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
