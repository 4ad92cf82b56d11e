package dev.engram.mock;

import dev.engram.common.EngramConfig;
import dev.engram.common.ErrorMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Fault and latency injection (mock mode only), as Prism users know it: {@code Prefer: code=503}
 * answers 503 with {@code {"message": ...}} before any logic runs (so nothing changes),
 * {@code Prefer: delay=250} delays the request by 250 ms, and both combine. The same can be set
 * as rules through {@code /admin/faults}; a {@code Prefer} header wins over the rules. Runs
 * after the API key check, so a wrong key still answers 401. Outside mock mode the header is
 * ignored.
 */
@ApplicationScoped
public class FaultInjector {

    /** After {@link dev.engram.common.ApiKeyFilter} (default priority 5000). */
    static final int PRIORITY = 5100;

    private final boolean enabled;
    private final FaultRules rules;
    private final Vertx vertx;

    public FaultInjector(EngramConfig config, FaultRules rules, Vertx vertx) {
        this.enabled = config.mock().enabled();
        this.rules = rules;
        this.vertx = vertx;
    }

    @ServerRequestFilter(preMatching = true, priority = PRIORITY)
    public Uni<Response> inject(ContainerRequestContext request, RoutingContext routing) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (AdminGate.isAdmin(path) || path.equals("/q") || path.startsWith("/q/")) {
            return Uni.createFrom().nullItem();
        }
        Fault fault = Fault.fromPrefer(request.getHeaders().get("Prefer"));
        if (fault == null) {
            fault = rules.match(request.getMethod(), path);
        }
        if (fault == null) {
            return Uni.createFrom().nullItem();
        }
        routing.put(JournalRecorder.FAULT_KEY, fault.source());
        Response answer = fault.status() == null ? null : answer(fault);
        if (fault.delayMs() <= 0) {
            return Uni.createFrom().item(answer);
        }
        long delay = fault.delayMs();
        // A Vert.x timer resumes the request on its own event loop.
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(delay, id -> emitter.complete(answer)));
    }

    private static Response answer(Fault fault) {
        int status = fault.status();
        String reason = Response.Status.fromStatusCode(status) == null ? ""
                : " " + Response.Status.fromStatusCode(status).getReasonPhrase();
        String origin = fault.source().equals("prefer") ? "the Prefer header" : "fault " + fault.source();
        Response.ResponseBuilder builder = Response.fromResponse(ErrorMapper.error(status,
                "injected fault: " + status + reason + " (requested by " + origin + ")"));
        builder.header("X-Engram-Fault", fault.source());
        if (fault.retryAfter() != null) {
            builder.header("Retry-After", String.valueOf(fault.retryAfter()));
        }
        return builder.build();
    }
}
