package dev.engram.common;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /console} (as people type it) leads to {@code /console/}, where the web console's
 * static files are served from {@code META-INF/resources/console}. Not part of the API.
 */
@ApplicationScoped
public class ConsoleRedirect {

    void routes(@Observes Router router) {
        // Vert.x matches "/console/" to this route too (a trailing slash is ignored): only the
        // bare path is redirected, everything else goes on to the static files.
        router.get("/console").handler(rc -> {
            if (rc.request().path().endsWith("/console")) {
                rc.response().setStatusCode(301).putHeader("Location", "console/").end();
            } else {
                rc.next();
            }
        });
    }
}
