package dev.engram.mock;

import dev.engram.common.EngramConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;

/**
 * Records every answered request in the {@link Journal} (mock mode only). It is the very
 * first route, so it also sees what never reaches the REST layer (413 from the body limit);
 * {@code /admin/*} and {@code /q/*} are not recorded.
 */
@ApplicationScoped
public class JournalRecorder {

    /** RoutingContext key under which {@link FaultInjector} notes why it injected a fault. */
    static final String FAULT_KEY = "engram.mock.fault";
    private static final String RECORDED = "engram.mock.recorded";

    private final boolean enabled;
    private final Journal journal;

    public JournalRecorder(EngramConfig config, Journal journal) {
        this.enabled = config.mock().enabled();
        this.journal = journal;
    }

    void install(@Observes Router router) {
        if (!enabled) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(this::record);
    }

    private void record(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null || AdminGate.isAdmin(path) || path.equals("/q") || path.startsWith("/q/")
                || ctx.get(RECORDED) != null) { // routed again (see RawPathIds): recorded once
            ctx.next();
            return;
        }
        ctx.put(RECORDED, Boolean.TRUE);
        Instant received = Instant.now();
        long start = System.nanoTime();
        String method = ctx.request().method().name();
        String query = ctx.request().query();
        ctx.addEndHandler(done -> journal.record(new Journal.Entry(method, path, query,
                ctx.response().getStatusCode(), received, (System.nanoTime() - start) / 1_000_000.0,
                ctx.get(FAULT_KEY))));
        ctx.next();
    }
}
