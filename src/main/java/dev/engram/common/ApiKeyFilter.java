package dev.engram.common;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks {@code Authorization: Api-Key <key>} on every {@code /api/v2} route (and on mock mode's
 * {@code /admin} test controls) when API keys are configured. Health, metrics and the OpenAPI pages live outside {@code /api/v2} and stay open.
 */
@ApplicationScoped
public class ApiKeyFilter {

    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    private static final String PREFIX = "Api-Key ";

    private final List<byte[]> keys;

    public ApiKeyFilter(EngramConfig config) {
        this.keys = config.auth().apiKeys().orElse(List.of()).stream()
                .map(String::trim).filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    void onStart(@Observes StartupEvent event) {
        if (keys.isEmpty()) {
            LOG.warn("No API key configured (engram.auth.api-keys / ENGRAM_AUTH_API_KEYS): the API is open to anyone who can reach it");
        } else {
            LOG.infof("API key authentication enabled (%d key(s))", keys.size());
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (keys.isEmpty() || !(path.startsWith("/api/v2") || path.startsWith("/admin"))) {
            return null;
        }
        String header = request.getHeaderString("Authorization");
        if (header != null && header.startsWith(PREFIX) && matches(header.substring(PREFIX.length()))) {
            return null;
        }
        return ErrorMapper.error(401, "unauthorized");
    }

    /** Compares against every key in constant time so timing reveals nothing about a key. */
    private boolean matches(String candidate) {
        byte[] given = candidate.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] key : keys) {
            found |= MessageDigest.isEqual(given, key);
        }
        return found;
    }
}
