package dev.engram.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The progress line of a transfer on stderr, rewritten in place at most twice a second: what is
 * done, the rate, and the time left when the total is known (a count, or the share of a file read).
 */
final class Progress {

    private final PrintStream out;
    private final String unit;
    private final long started = System.nanoTime();
    /** On a terminal the line is rewritten in place; in a log, a line of its own now and then. */
    private final boolean terminal = System.console() != null;
    private long lastPrint;
    private int width;

    Progress(PrintStream out, String unit) {
        this.out = out;
        this.unit = unit;
    }

    /**
     * Shows {@code done} records, with {@code detail} after them; {@code fraction} is the share
     * of the work done (0..1), or a negative number when unknown.
     */
    void update(long done, String detail, DoubleSupplier fraction, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastPrint < (terminal ? 500_000_000L : 10_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max(0.001, (now - started) / 1e9);
        StringBuilder line = new StringBuilder();
        line.append(done).append(' ').append(unit);
        if (detail != null && !detail.isEmpty()) {
            line.append(" (").append(detail).append(')');
        }
        line.append(String.format(", %.0f/s", done / seconds));
        double f = fraction.getAsDouble();
        if (f > 0 && f < 1) {
            line.append(String.format(", %.0f%%, %s left", f * 100, human(Duration.ofSeconds((long) (seconds / f - seconds)))));
        }
        line.append(", ").append(human(Duration.ofSeconds((long) seconds))).append(" so far");
        String text = line.toString();
        if (!terminal) {
            out.println(text);
            return;
        }
        out.print('\r' + text + " ".repeat(Math.max(0, width - text.length())));
        out.flush();
        width = text.length();
    }

    /** Ends the line, so that what is printed next starts on a line of its own. */
    void finish() {
        if (width > 0) {
            out.println();
        }
        width = 0;
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
