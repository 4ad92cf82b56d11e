package dev.engram.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Rejects a body larger than {@code engram.limits.max-body-size} with the contract's JSON error.
 * Quarkus's own limit answers 413 with an empty body, which the SDKs cannot parse, so the
 * declared length is checked here first, before any route runs.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;

    public BodyLimit(EngramConfig config) {
        MemorySize size = new MemorySizeConverter().convert(config.limits().maxBodySize());
        this.maxBytes = size.asLongValue();
    }

    void install(@Observes Router router) {
        // Second: mock mode's request journal (order MIN_VALUE) must see the 413 too.
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"message\":\"request body too large: the limit is " + maxBytes + " bytes\"}");
                return;
            }
            ctx.next();
        });
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
