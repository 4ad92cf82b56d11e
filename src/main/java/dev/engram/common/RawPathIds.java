package dev.engram.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Path ids are taken from the raw path segment, whole. JAX-RS reads {@code ;} in a segment as
 * the start of matrix parameters and drops the rest, so {@code DELETE /users/a;b} would delete
 * user {@code a} (the Python SDK puts ids into paths unescaped). The request is routed again
 * with the {@code ;} escaped, so that it stays part of the id. An empty segment
 * ({@code /sessions/s1/messages/}, an empty id) addresses nothing and answers 404, instead of
 * being matched to the collection's route.
 */
@ApplicationScoped
public class RawPathIds {

    void install(@Observes Router router) {
        // After mock mode's request journal (order MIN_VALUE), before the body limit.
        router.route().order(Integer.MIN_VALUE + 1).handler(this::keepIdsWhole);
    }

    private void keepIdsWhole(RoutingContext ctx) {
        String uri = ctx.request().uri();
        int queryStart = uri.indexOf('?');
        String rawPath = queryStart < 0 ? uri : uri.substring(0, queryStart);
        if (!rawPath.startsWith("/api/v2/") && !rawPath.startsWith("/admin/")) {
            ctx.next();
            return;
        }
        if (rawPath.endsWith("/") || rawPath.contains("//")) {
            ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"message\":\"not found: the path has an empty segment (an empty id?)\"}");
            return;
        }
        if (rawPath.indexOf(';') >= 0) {
            ctx.reroute(ctx.request().method(), rawPath.replace(";", "%3B") + (queryStart < 0 ? "" : uri.substring(queryStart)));
            return;
        }
        ctx.next();
    }
}
