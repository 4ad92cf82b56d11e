package dev.engram.mock;

import dev.engram.common.EngramConfig;
import dev.engram.common.ErrorMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Outside mock mode the {@code /admin} test controls do not exist: every {@code /admin} request
 * answers 404, before authentication and routing, exactly like an unknown route.
 */
@ApplicationScoped
public class AdminGate {

    /** Runs before {@link dev.engram.common.ApiKeyFilter} (default priority 5000). */
    static final int PRIORITY = 100;

    private final boolean enabled;

    public AdminGate(EngramConfig config) {
        this.enabled = config.mock().enabled();
    }

    @ServerRequestFilter(preMatching = true, priority = PRIORITY)
    public Response hideAdmin(ContainerRequestContext request) {
        if (enabled || !isAdmin(request.getUriInfo().getPath())) {
            return null;
        }
        return ErrorMapper.error(404, "not found");
    }

    static boolean isAdmin(String path) {
        return path.equals("/admin") || path.startsWith("/admin/");
    }
}
