package dev.engram.mock;

import java.util.List;
import java.util.Locale;

/**
 * A fault to inject into one request: an optional status (4xx/5xx) answered before any logic
 * runs, an optional delay, an optional {@code Retry-After}, and where it came from.
 */
public record Fault(Integer status, long delayMs, Integer retryAfter, String source) {

    /** Longest delay accepted; longer ones are cut to this. */
    public static final long MAX_DELAY_MS = 60_000;

    /**
     * Reads Prism's {@code Prefer} syntax, e.g. {@code Prefer: code=503, delay=250}: tokens are
     * separated by {@code ,} or {@code ;} (several headers are combined); {@code code} must be a
     * 4xx or 5xx status, {@code delay} is milliseconds (capped at 60 s), {@code retry-after}
     * seconds. Unknown tokens (Prism's {@code example=}, {@code dynamic=}) and invalid values are
     * ignored. Answers null when nothing applies.
     */
    public static Fault fromPrefer(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        Integer status = null;
        long delay = 0;
        Integer retryAfter = null;
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            for (String token : header.split("[,;]")) {
                int eq = token.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = token.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = token.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).trim();
                }
                Long number = parse(value);
                if (number == null) {
                    continue;
                }
                switch (key) {
                    case "code", "status" -> {
                        if (number >= 400 && number <= 599) {
                            status = number.intValue();
                        }
                    }
                    case "delay" -> {
                        if (number >= 0) {
                            delay = Math.min(number, MAX_DELAY_MS);
                        }
                    }
                    case "retry-after", "retry_after" -> {
                        if (number >= 0 && number <= Integer.MAX_VALUE) {
                            retryAfter = number.intValue();
                        }
                    }
                    default -> {
                        // not ours (Prism's example=, dynamic=, ...): ignored
                    }
                }
            }
        }
        if (status == null && delay == 0) {
            return null;
        }
        return new Fault(status, delay, retryAfter, "prefer");
    }

    private static Long parse(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
