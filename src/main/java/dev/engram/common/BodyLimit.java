package dev.engram.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Rejects a body larger than {@code engram.limits.max-body-size} with the contract's JSON error.
 * Quarkus's own limit answers 413 with an empty body, which the SDKs cannot parse, so the
 * declared length is checked here first, before any route runs. A body without a declared length
 * (chunked transfer encoding) is read here under the same limit, so going over it also answers
 * the JSON error instead of the empty 413 of the REST layer.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;

    public BodyLimit(EngramConfig config) {
        MemorySize size = new MemorySizeConverter().convert(config.limits().maxBodySize());
        this.maxBytes = size.asLongValue();
    }

    void install(@Observes Router router) {
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBytes);
        // After mock mode's request journal (order MIN_VALUE), which must see the 413 too.
        router.route().order(Integer.MIN_VALUE + 2).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                tooLarge(ctx);
                return;
            }
            if (length == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                chunkedBodies.handle(ctx);
                return;
            }
            ctx.next();
        }).handler(ctx -> {
            // An empty chunked body leaves no buffer behind; the REST layer would then wait (for
            // up to a minute, holding a worker) to read a body that has already ended.
            if (ctx.body().buffer() == null && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                ctx.setBody(Buffer.buffer());
            }
            ctx.next();
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                tooLarge(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private void tooLarge(RoutingContext ctx) {
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"message\":\"request body too large: the limit is " + maxBytes + " bytes\"}");
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
