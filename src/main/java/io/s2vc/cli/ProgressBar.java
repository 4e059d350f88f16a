package io.s2vc.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn at most a few times a second. Without a terminal it
 * prints a plain line every few seconds instead, so logs of scripted runs stay readable.
 */
public final class ProgressBar implements AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long PLAIN_NANOS = 5_000_000_000L;

    private final String label;
    private long total;
    private final String unit;
    private final PrintStream out = System.err;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long done;
    /** Work done before this bar started (a resumed run), left out of the rate. */
    private long doneBefore;
    private String extra = "";
    private long lastDraw;
    private boolean closed;

    public ProgressBar(String label, long total, String unit) {
        this.label = label;
        this.total = total;
        this.unit = unit;
    }

    /** Starts from {@code alreadyDone} (a resumed job): the bar shows it, the rate counts only new work. */
    public synchronized ProgressBar resumeFrom(long alreadyDone) {
        done = alreadyDone;
        doneBefore = alreadyDone;
        return this;
    }

    /** Adds {@code more} to the total: work that turned out to be needed after the bar started (another pass). */
    public synchronized void extendTotal(long more) {
        total += more;
    }

    public synchronized void step(long n) {
        done += n;
        maybeDraw();
    }

    public synchronized void set(long value, String extraText) {
        done = value;
        extra = extraText;
        maybeDraw();
    }

    public synchronized void extra(String extraText) {
        extra = extraText;
        maybeDraw();
    }

    private void maybeDraw() {
        long now = System.nanoTime();
        if (now - lastDraw >= (terminal ? REDRAW_NANOS : PLAIN_NANOS)) {
            lastDraw = now;
            draw(false);
        }
    }

    private void draw(boolean last) {
        double seconds = (System.nanoTime() - start) / 1e9;
        String rate = seconds > 0 ? String.format(Locale.ROOT, "%.1f %s/s", (done - doneBefore) / seconds, unit) : "";
        String line;
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / Math.max(1, total));
            line = String.format(Locale.ROOT, "%s [%s%s] %d/%d %s  %s  %s", label, "#".repeat(filled),
                    " ".repeat(width - filled), done, total, unit, rate, extra);
        } else {
            line = String.format(Locale.ROOT, "%s %d %s  %s  %s", label, done, unit, rate, extra);
        }
        if (terminal) {
            out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    /** Draws the final state once; closing again (an early close, then try-with-resources) draws nothing. */
    public synchronized void close() {
        if (!closed) {
            closed = true;
            draw(true);
        }
    }
}
