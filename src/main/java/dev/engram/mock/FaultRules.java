package dev.engram.mock;

import dev.engram.common.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault rules set through {@code /admin/faults}: "the next N requests to this path answer 503".
 * Tried in the order they were added; the first rule that matches a request and is not used up
 * applies, and a rule is dropped once used up.
 */
@ApplicationScoped
public class FaultRules {

    /** A stored rule; {@code remaining} is null when the rule never runs out. */
    public record Rule(long id, String method, String path, Integer status, long delayMs, Integer retryAfter,
                       Integer count, Integer remaining) {
    }

    private static final class Active {
        final Rule rule;
        final String[] pattern;
        Integer remaining;

        Active(Rule rule) {
            this.rule = rule;
            this.pattern = segments(rule.path());
            this.remaining = rule.count();
        }

        Rule snapshot() {
            return new Rule(rule.id(), rule.method(), rule.path(), rule.status(), rule.delayMs(), rule.retryAfter(),
                    rule.count(), remaining);
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final List<Active> rules = new ArrayList<>();

    public Rule add(String method, String path, Integer status, Integer delayMs, Integer retryAfter, Integer count) {
        if (path == null || !path.startsWith("/")) {
            throw ApiException.badRequest("path must start with '/' (e.g. /api/v2/sessions/*/memory)");
        }
        if (status != null && (status < 400 || status > 599)) {
            throw ApiException.badRequest("status must be a 4xx or 5xx status");
        }
        if (delayMs != null && (delayMs < 0 || delayMs > Fault.MAX_DELAY_MS)) {
            throw ApiException.badRequest("delay_ms must be between 0 and " + Fault.MAX_DELAY_MS);
        }
        if (status == null && (delayMs == null || delayMs == 0)) {
            throw ApiException.badRequest("a fault rule needs a status, a delay_ms or both");
        }
        if (count != null && count < 1) {
            throw ApiException.badRequest("count must be at least 1");
        }
        String verb = method == null || method.isBlank() ? null : method.trim().toUpperCase(Locale.ROOT);
        Rule rule = new Rule(ids.incrementAndGet(), verb, path, status, delayMs == null ? 0 : delayMs, retryAfter,
                count, count);
        synchronized (rules) {
            rules.add(new Active(rule));
        }
        return rule;
    }

    public List<Rule> list() {
        synchronized (rules) {
            return rules.stream().map(Active::snapshot).toList();
        }
    }

    /** Removes every rule; ids start at 1 again. */
    public void clear() {
        synchronized (rules) {
            rules.clear();
            ids.set(0);
        }
    }

    /** The fault for this request, using up one request of the first matching rule; null if none. */
    public Fault match(String method, String rawPath) {
        synchronized (rules) {
            if (rules.isEmpty()) {
                return null;
            }
            String[] path = decoded(segments(rawPath));
            Iterator<Active> it = rules.iterator();
            while (it.hasNext()) {
                Active active = it.next();
                if ((active.rule.method() == null || active.rule.method().equals(method))
                        && matches(active.pattern, path)) {
                    if (active.remaining != null) {
                        active.remaining--;
                        if (active.remaining <= 0) {
                            it.remove();
                        }
                    }
                    Rule r = active.rule;
                    return new Fault(r.status(), r.delayMs(), r.retryAfter(), "rule " + r.id());
                }
            }
            return null;
        }
    }

    /** {@code *} and {@code {name}} match one segment, a final {@code **} any rest. */
    static boolean matches(String[] pattern, String[] path) {
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.equals("**") && i == pattern.length - 1) {
                return true;
            }
            if (i >= path.length) {
                return false;
            }
            boolean any = p.equals("*") || (p.startsWith("{") && p.endsWith("}"));
            if (!any && !p.equals(path[i])) {
                return false;
            }
        }
        return pattern.length == path.length;
    }

    private static String[] segments(String path) {
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("/") ? p.substring(1).split("/", -1) : p.split("/", -1);
    }

    private static String[] decoded(String[] segments) {
        String[] out = new String[segments.length];
        for (int i = 0; i < segments.length; i++) {
            try {
                out[i] = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEscape) {
                out[i] = segments[i];
            }
        }
        return out;
    }
}
